namespace Payroll.Modules.Personnel.Demo;

/// <summary>Word lists for a plausible, clearly fictional Taipei: every record made from them is marked as demo.</summary>
internal static class DemoCity
{
    public static readonly string[] Surnames =
        ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪", "曾", "邱", "廖", "賴", "周", "徐", "蘇", "葉", "莊", "呂", "江", "何", "蕭", "羅", "高", "潘", "簡", "朱", "鍾", "游", "彭", "詹", "胡", "施", "沈", "余", "盧", "梁", "趙", "顏", "柯", "翁", "魏", "孫", "戴"];

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
