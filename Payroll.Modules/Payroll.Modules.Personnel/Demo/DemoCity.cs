namespace Payroll.Modules.Personnel.Demo;

/// <summary>Word lists for a plausible, clearly fictional Taipei: every record made from them is marked as demo.</summary>
internal static class DemoCity
{
    public static readonly string[] Surnames =
        ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪", "曾", "邱", "廖", "賴", "周", "徐", "蘇", "葉", "莊", "呂", "江", "何", "蕭", "羅", "高", "潘", "簡", "朱", "鍾", "游", "彭", "詹", "胡", "施", "沈", "余", "盧", "梁", "趙", "顏", "柯", "翁", "魏", "孫", "戴"];

    /// <summary>
    /// How common each surname is, in hundredths of a percent of the population, so that the demo city's names are as
    /// lopsided as a real one's (which is what an attack on the name search counts on). The twenty commonest: 內政部戶政司,
    /// 全國姓名統計分析 (2018), as a secondary source transcribes it [S] (陳 11.15%, 林 8.32%, 黃 6.05%, 張 5.27%, 李 5.13%,
    /// 王 4.10%, 吳 4.04%, 劉 3.15%, 蔡 2.91%, 楊 2.66%, 許 2.33%, 鄭 1.88%, 謝 1.76%, 洪 1.50%, 郭 1.49%, 邱 1.46%,
    /// 曾 1.44%, 廖 1.34%, 賴 1.32%, 徐 1.26%: the top ten together 52.78%). The other thirty of this list share the rest
    /// evenly, 1.048% each [U] (an approximation: their real shares run from about 1.2% down to 0.4%).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> SurnameWeights = Weights();

    private static Dictionary<string, int> Weights()
    {
        var top = new Dictionary<string, int>
        {
            ["陳"] = 1115, ["林"] = 832, ["黃"] = 605, ["張"] = 527, ["李"] = 513, ["王"] = 410, ["吳"] = 404, ["劉"] = 315, ["蔡"] = 291, ["楊"] = 266,
            ["許"] = 233, ["鄭"] = 188, ["謝"] = 176, ["洪"] = 150, ["郭"] = 149, ["邱"] = 146, ["曾"] = 144, ["廖"] = 134, ["賴"] = 132, ["徐"] = 126,
        };
        var rest = Surnames.Where(s => !top.ContainsKey(s)).ToList();
        var share = (10_000 - top.Values.Sum()) / rest.Count;
        foreach (var surname in rest)
        {
            top[surname] = share;
        }

        return top;
    }

    /// <summary>A surname drawn by its weight, with one draw of the generator (as <see cref="Pick{T}"/> takes).</summary>
    public static string PickSurname(Random random)
    {
        var draw = random.Next(SurnameWeights.Values.Sum());
        foreach (var surname in Surnames)
        {
            draw -= SurnameWeights[surname];
            if (draw < 0)
            {
                return surname;
            }
        }

        return Surnames[^1];
    }

    public static readonly string[] GivenChars =
        ["怡", "君", "雅", "婷", "家", "豪", "志", "明", "宗", "翰", "俊", "宏", "淑", "芬", "美", "玲", "建", "華", "文", "彥", "承", "恩", "冠", "廷", "佳", "穎", "欣", "瑜", "偉", "傑", "柏", "宇", "詩", "涵", "子", "晴", "品", "妤", "國", "榮", "秀", "英", "宜", "蓁", "思", "妤", "振", "興", "信", "安"];

    public static readonly string[] Districts = ["松山區", "信義區", "大安區", "中山區", "中正區", "大同區", "萬華區", "文山區", "南港區", "內湖區", "士林區", "北投區"];

    public static readonly string[] Agencies =
    [
        "秘書處", "民政局", "財政局", "教育局", "產業發展局", "工務局", "交通局", "社會局", "勞動局", "警察局", "衛生局", "環境保護局",
        "都市發展局", "文化局", "消防局", "捷運工程局", "觀光傳播局", "地政局", "兵役局", "體育局", "資訊局", "法務局", "主計處", "人事處",
        "政風處", "研究發展考核委員會", "原住民族事務委員會", "客家事務委員會", "公務人員訓練處", "翡翠水庫管理局",
    ];

    public static readonly string[] Streets = ["忠孝東路", "仁愛路", "信義路", "和平東路", "中山北路", "南京東路", "民生東路", "羅斯福路", "承德路", "基隆路", "復興南路", "敦化北路"];

    public static readonly string[] Banks = ["004", "005", "006", "007", "008", "009", "012", "013", "017", "700", "808", "812", "822"];

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
