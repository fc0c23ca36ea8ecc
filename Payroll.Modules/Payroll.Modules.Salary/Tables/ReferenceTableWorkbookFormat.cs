using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Tables;

/// <summary>
/// A reference table version as a workbook, both ways: sheet 說明 holds kind, effectiveFrom, source and verified; sheet
/// 參數 the content's single values (name, value); every list in the content has a sheet of its own, named after it,
/// with a heading row (one column, named after the list, for a list of plain values). Reading turns the workbook back
/// into the JSON form, which <see cref="ReferenceTableFile.Parse"/> checks like any other.
/// </summary>
internal static partial class ReferenceTableWorkbookFormat
{
    public const string MetaSheet = "說明";
    public const string ValuesSheet = "參數";
    private static readonly string[] MetaKeys = ["kind", "effectiveFrom", "source", "verified"];

    public static byte[] Write(string kind, string effectiveFrom, string source, bool verified, string contentJson)
    {
        using var workbook = new XLWorkbook();
        var meta = workbook.AddWorksheet(MetaSheet);
        object[] values = [kind, effectiveFrom, source, verified];
        for (var i = 0; i < MetaKeys.Length; i++)
        {
            meta.Cell(i + 1, 1).SetValue(MetaKeys[i]);
            Set(meta.Cell(i + 1, 2), values[i]);
        }

        meta.Cell(6, 1).SetValue("改好後把 effectiveFrom 改成新版本的生效日期（不可與既有版本相同），verified 保持 false，再於「參照表」頁上傳；新版本由管理者以官方公告文件查核後才標為已查核。");
        meta.Column(1).Width = 16;
        meta.Column(2).Width = 60;

        var content = JsonNode.Parse(contentJson)!.AsObject();
        var scalars = content.Where(p => p.Value is not JsonArray).ToList();
        if (scalars.Count > 0)
        {
            var sheet = workbook.AddWorksheet(ValuesSheet);
            for (var i = 0; i < scalars.Count; i++)
            {
                sheet.Cell(i + 1, 1).SetValue(scalars[i].Key);
                Set(sheet.Cell(i + 1, 2), Plain(scalars[i].Value));
            }
        }

        foreach (var (name, node) in content.Where(p => p.Value is JsonArray))
        {
            var sheet = workbook.AddWorksheet(name);
            var items = node!.AsArray();
            if (items.FirstOrDefault() is JsonObject first)
            {
                var columns = first.Select(p => p.Key).ToList();
                for (var c = 0; c < columns.Count; c++)
                {
                    sheet.Cell(1, c + 1).SetValue(columns[c]);
                }

                for (var r = 0; r < items.Count; r++)
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        Set(sheet.Cell(r + 2, c + 1), Plain(items[r]![columns[c]]));
                    }
                }
            }
            else
            {
                sheet.Cell(1, 1).SetValue(name);
                for (var r = 0; r < items.Count; r++)
                {
                    Set(sheet.Cell(r + 2, 1), Plain(items[r]));
                }
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The workbook as a checked table file; every problem names its sheet, row and column.</summary>
    public static ReferenceTableFile Read(byte[] bytes)
    {
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes));
        }
        catch (Exception ex) when (ex is InvalidDataException or FileFormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidInputException([new InputError(null, "file", "not an .xlsx workbook: " + ex.Message)]);
        }

        using (workbook)
        {
            if (!workbook.TryGetWorksheet(MetaSheet, out var meta))
            {
                throw new InvalidInputException([new InputError(null, MetaSheet, $"the workbook needs a sheet 「{MetaSheet}」 with kind, effectiveFrom, source and verified")]);
            }

            var file = new JsonObject();
            foreach (var row in meta.RowsUsed())
            {
                var key = row.Cell(1).GetString().Trim();
                if (MetaKeys.Contains(key))
                {
                    file[key] = key == "effectiveFrom" && row.Cell(2).DataType == XLDataType.DateTime
                        ? row.Cell(2).GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                        : Value(row.Cell(2));
                }
            }

            var content = new JsonObject();
            foreach (var sheet in workbook.Worksheets.Where(s => s.Name != MetaSheet))
            {
                if (sheet.Name == ValuesSheet)
                {
                    foreach (var row in sheet.RowsUsed())
                    {
                        content[row.Cell(1).GetString().Trim()] = Value(row.Cell(2));
                    }

                    continue;
                }

                var headings = sheet.Row(1).CellsUsed().Select(c => c.GetString().Trim()).ToList();
                var list = new JsonArray();
                foreach (var row in sheet.RowsUsed().Skip(1))
                {
                    if (headings.Count == 1 && headings[0] == sheet.Name)
                    {
                        list.Add(Value(row.Cell(1)));
                        continue;
                    }

                    var item = new JsonObject();
                    for (var c = 0; c < headings.Count; c++)
                    {
                        item[headings[c]] = Value(row.Cell(c + 1));
                    }

                    list.Add(item);
                }

                content[sheet.Name] = list;
            }

            file["content"] = content;
            try
            {
                return ReferenceTableFile.Parse(file.ToJsonString());
            }
            catch (InvalidInputException ex)
            {
                throw new InvalidInputException(ex.Errors.Select(ToSheet).ToList());
            }
        }
    }

    /// <summary><c>content.rows[3].amount</c> → sheet rows, row 5 (heading row plus the 0-based index), column amount.</summary>
    private static InputError ToSheet(InputError error)
    {
        var match = ContentPath().Match(error.Field);
        return match.Success
            ? new InputError(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + 2, match.Groups[1].Value + match.Groups[3].Value, error.Message)
            : error.Field.StartsWith("content.", StringComparison.Ordinal) ? error with { Field = ValuesSheet + ":" + error.Field["content.".Length..] } : error with { Field = MetaSheet + ":" + error.Field };
    }

    private static JsonNode? Value(IXLCell cell) => cell.DataType switch
    {
        _ when cell.IsEmpty() => null,
        XLDataType.Number => JsonValue.Create(Convert.ToDecimal(cell.GetDouble().ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        XLDataType.Boolean => JsonValue.Create(cell.GetBoolean()),
        _ => cell.GetString().Trim() switch
        {
            "true" or "TRUE" => JsonValue.Create(true),
            "false" or "FALSE" => JsonValue.Create(false),
            var text => JsonValue.Create(text),
        },
    };

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => node.ToString(),
    };

    private static void Set(IXLCell cell, object? value)
    {
        switch (value)
        {
            case decimal d:
                cell.SetValue(d);
                break;
            case bool b:
                cell.SetValue(b);
                break;
            case string s:
                cell.SetValue(s);
                break;
        }
    }

    [GeneratedRegex(@"^content\.(\w+)\[(\d+)\](.*)$")]
    private static partial Regex ContentPath();
}
