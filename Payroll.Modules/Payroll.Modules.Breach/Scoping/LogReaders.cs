using System.Globalization;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Breach.Scoping;

/// <summary>One request from a web-server log: when (UTC), from where, what, and how it ended.</summary>
internal readonly record struct LogRequest(long Line, DateTimeOffset At, string ClientIp, string Method, string Stem, string Query, int Status, string UserAgent);

/// <summary>Whether a request's path is worth parsing further (cheap, on the path alone, without allocating).</summary>
internal delegate bool StemFilter(ReadOnlySpan<char> stem);

/// <summary>
/// Reads web-server logs line by line without holding them. Only requests whose path passes the filter are parsed in
/// full; a line that cannot be read stops the file with its line number (up to 20 are named).
/// </summary>
internal static class LogReaders
{
    private const int MaxErrors = 20;

    /// <summary>
    /// IIS W3C extended format: <c>#Fields:</c> names the space-separated columns and may change anywhere in the file;
    /// <c>date</c> and <c>time</c> are UTC; spaces inside the user agent are written as <c>+</c>.
    /// </summary>
    public static IEnumerable<LogRequest> ReadIis(TextReader reader, string file, StemFilter interesting)
    {
        var errors = new List<InputError>();
        int date = -1, time = -1, ip = -1, method = -1, stem = -1, query = -1, status = -1, agent = -1;
        var fieldsSeen = false;
        var parts = new Range[64];
        long line = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            if (text[0] == '#')
            {
                if (text.StartsWith("#Fields:", StringComparison.Ordinal))
                {
                    var names = text[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    int Find(string name) => Array.IndexOf(names, name);
                    (date, time, ip, method, stem, query, status, agent) =
                        (Find("date"), Find("time"), Find("c-ip"), Find("cs-method"), Find("cs-uri-stem"), Find("cs-uri-query"), Find("sc-status"), Find("cs(User-Agent)"));
                    fieldsSeen = true;
                    if (date < 0 || time < 0 || ip < 0 || stem < 0 || status < 0 || names.Length > parts.Length)
                    {
                        errors.Add(new InputError(Row(line), file, "#Fields must name date, time, c-ip, cs-uri-stem and sc-status"));
                        fieldsSeen = false;
                    }
                }

                continue;
            }

            if (!fieldsSeen)
            {
                errors.Add(new InputError(Row(line), file, "a request before any valid #Fields directive"));
            }
            else
            {
                var span = text.AsSpan();
                var n = span.Split(parts.AsSpan(), ' ');
                if (n <= Math.Max(Math.Max(date, time), Math.Max(Math.Max(ip, stem), Math.Max(status, Math.Max(method, Math.Max(query, agent))))))
                {
                    errors.Add(new InputError(Row(line), file, $"{n} columns, fewer than #Fields names"));
                }
                else if (interesting(span[parts[stem]]))
                {
                    if (!DateTime.TryParseExact(string.Concat(span[parts[date]], " ", span[parts[time]]), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                        || !int.TryParse(span[parts[status]], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                    {
                        errors.Add(new InputError(Row(line), file, "date, time or status unreadable"));
                    }
                    else
                    {
                        yield return new LogRequest(
                            line, new DateTimeOffset(at, TimeSpan.Zero), span[parts[ip]].ToString(), method < 0 ? "GET" : span[parts[method]].ToString(),
                            span[parts[stem]].ToString(), query < 0 || span[parts[query]] is "-" ? "" : span[parts[query]].ToString(), code,
                            agent < 0 ? "" : span[parts[agent]].ToString().Replace('+', ' '));
                    }
                }
            }

            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }

    /// <summary>
    /// nginx/Apache combined format: <c>addr - user [dd/MMM/yyyy:HH:mm:ss zone] "METHOD target PROTOCOL" status bytes
    /// "referer" "agent"</c>; the time carries its zone.
    /// </summary>
    public static IEnumerable<LogRequest> ReadCombined(TextReader reader, string file, StemFilter interesting)
    {
        var errors = new List<InputError>();
        long line = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var span = text.AsSpan();
            var open = span.IndexOf('[');
            var close = open < 0 ? -1 : span[open..].IndexOf(']') + open;
            var q1 = close < 0 ? -1 : span[close..].IndexOf('"') + close;
            var q2 = q1 < close ? -1 : span[(q1 + 1)..].IndexOf('"') + q1 + 1;
            if (open < 1 || close < open || q1 < close || q2 <= q1)
            {
                errors.Add(new InputError(Row(line), file, "not the combined format (addr - user [time] \"request\" status bytes \"referer\" \"agent\")"));
            }
            else
            {
                var request = span[(q1 + 1)..q2];
                var sp1 = request.IndexOf(' ');
                var target = sp1 < 0 ? request : request[(sp1 + 1)..];
                var sp2 = target.IndexOf(' ');
                if (sp2 >= 0)
                {
                    target = target[..sp2];
                }

                var mark = target.IndexOf('?');
                var stem = mark < 0 ? target : target[..mark];
                if (interesting(stem))
                {
                    var rest = span[(q2 + 1)..].TrimStart();
                    var statusEnd = rest.IndexOf(' ');
                    var agentEnd = span.LastIndexOf('"');
                    var agentStart = agentEnd > q2 ? span[..agentEnd].LastIndexOf('"') : -1;
                    if (!DateTimeOffset.TryParseExact(span[(open + 1)..close], "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                        || !int.TryParse(statusEnd < 0 ? rest : rest[..statusEnd], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                    {
                        errors.Add(new InputError(Row(line), file, "time or status unreadable"));
                    }
                    else
                    {
                        yield return new LogRequest(
                            line, at.ToUniversalTime(), span[..span.IndexOf(' ')].ToString(), sp1 < 0 ? "GET" : request[..sp1].ToString(), stem.ToString(),
                            mark < 0 ? "" : target[(mark + 1)..].ToString(), code, agentStart > q2 && agentStart < agentEnd ? span[(agentStart + 1)..agentEnd].ToString() : "");
                    }
                }
            }

            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }

    private static int? Row(long line) => line > int.MaxValue ? null : (int)line;
}
