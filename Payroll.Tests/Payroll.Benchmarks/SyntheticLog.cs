using System.Globalization;
using System.Text;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Benchmarks;

/// <summary>A year of web-server traffic: mostly static files and pages from the office; one request in a thousand shows a person to an outside address.</summary>
internal static class SyntheticLog
{
    public static void Write(string path, LogFormat format, long lines, DateTimeOffset start)
    {
        var random = new Random(2017);
        string[] statics = ["/css/site.css", "/Salary/Runs", "/Login", "/", "/favicon.ico"];
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var iis = format == LogFormat.Iis;
        if (iis)
        {
            writer.WriteLine("#Software: Microsoft Internet Information Services 10.0");
            writer.WriteLine("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken");
        }

        var step = TimeSpan.FromDays(365).Ticks / lines;
        for (long i = 0; i < lines; i++)
        {
            var at = start.AddTicks(step * i).ToUniversalTime();
            var person = random.Next(1000) == 0;
            var ip = person ? string.Create(CultureInfo.InvariantCulture, $"203.0.113.{random.Next(1, 255)}") : string.Create(CultureInfo.InvariantCulture, $"127.0.{random.Next(256)}.{random.Next(1, 255)}");
            var stem = person ? "/Personnel/Employee" : statics[random.Next(statics.Length)];
            var query = person ? string.Create(CultureInfo.InvariantCulture, $"no=D{random.Next(1, 44_521):000000}") : "";
            writer.WriteLine(iis
                ? string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss} 10.0.0.1 GET {stem} {(query.Length == 0 ? "-" : query)} 443 - {ip} Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 12")
                : string.Create(CultureInfo.InvariantCulture, $"{ip} - - [{at.ToOffset(TimeSpan.FromHours(8)):dd/MMM/yyyy:HH:mm:ss} +0800] \"GET {stem}{(query.Length == 0 ? "" : "?" + query)} HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (Windows NT 10.0)\""));
        }
    }
}
