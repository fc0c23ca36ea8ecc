-- 獎懲: a person's merits and demerits from 平時考核 (公務人員考績法 §12: 嘉獎, 記功, 記大功; 申誡, 記過, 記大過) and
-- sanctions of a disciplinary judgment (懲戒處分, 公務員懲戒法), each with the day it was decided (or the judgment
-- became final) and the order's reference. A correction rewrites the row and goes to the change log; a withdrawn
-- record stays, marked, so the history shows it.
CREATE TABLE personnel_discipline (
    id $identity$,
    employee_id BIGINT NOT NULL REFERENCES personnel_employee (id),
    kind TEXT NOT NULL,
    basis TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE INDEX personnel_discipline_employee ON personnel_discipline (employee_id, decided_on);
CREATE INDEX personnel_discipline_decided ON personnel_discipline (decided_on);
