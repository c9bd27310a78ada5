namespace Mekong.Search.Bench;

/// <summary>Sentence templates in the eleven platform languages, written for the benchmark (and the tests).</summary>
internal static class Sentences
{
    public static readonly (string Language, string[] Lines)[] All =
    [
        ("zh-Hans", [
            "我们周末去湄公河边的夜市吃烤鱼，然后和泰国朋友一起看了一场电影。",
            "这所大学每年都会举办东盟文化节，学生们穿上传统服装表演舞蹈。",
            "春节的时候，奶奶总是包很多饺子，全家人围在一起聊天到深夜。",
            "我在昆明学了三个月的泰语，现在可以和同学用简单的句子聊天。"]),
        ("zh-Hant", [
            "我們週末去湄公河邊的夜市吃烤魚，然後和泰國朋友一起看了一場電影。",
            "這所大學每年都會舉辦東協文化節，學生們穿上傳統服裝表演舞蹈。",
            "春節的時候，奶奶總是包很多餃子，全家人圍在一起聊天到深夜。",
            "我在台北的語言中心學越南語，老師常常帶我們去吃河粉。"]),
        ("en", [
            "We spent the weekend at the night market by the river, eating grilled fish and talking with friends.",
            "The university holds a cultural festival every year where students perform traditional dances.",
            "My grandmother always makes dumplings for the new year and the whole family stays up late talking.",
            "Our exchange group visited a floating market and learned how to bargain politely in Thai."]),
        ("th", [
            "เมื่อวานนี้ฉันไปตลาดนัดกลางคืนกับเพื่อนชาวเวียดนามและกินอาหารริมทางอร่อยมาก",
            "มหาวิทยาลัยของเราจัดงานเทศกาลวัฒนธรรมอาเซียนทุกปีและนักศึกษาแสดงการรำพื้นเมือง",
            "คุณยายทำขนมไทยให้ทุกคนในครอบครัวในวันสงกรานต์",
            "ชมรมของเราเรียนภาษาจีนทุกวันเสาร์ที่ห้องสมุดประชาชน"]),
        ("vi", [
            "Cuối tuần chúng tôi đi chợ đêm bên bờ sông, ăn cá nướng và trò chuyện với những người bạn Thái Lan.",
            "Trường đại học tổ chức lễ hội văn hóa mỗi năm, sinh viên biểu diễn các điệu múa truyền thống.",
            "Bà tôi luôn gói bánh chưng vào dịp Tết và cả gia đình thức khuya trò chuyện với nhau.",
            "Câu lạc bộ của chúng tôi học tiếng Trung vào mỗi sáng thứ bảy ở thư viện."]),
        ("id", [
            "Akhir pekan lalu kami pergi ke pasar malam di tepi sungai, makan ikan bakar dan mengobrol dengan teman-teman.",
            "Universitas kami mengadakan festival budaya setiap tahun, dan mahasiswa menampilkan tarian tradisional.",
            "Nenek saya selalu membuat kue lebaran untuk seluruh keluarga, dan kami begadang sampai larut malam.",
            "Komunitas kami belajar bahasa Mandarin setiap Sabtu pagi di perpustakaan kota."]),
        ("ms", [
            "Hujung minggu lepas kami pergi ke pasar malam di tepi sungai dan makan ikan bakar bersama kawan-kawan kerana cuaca sangat baik.",
            "Universiti kami menganjurkan pesta kebudayaan setiap tahun dan pelajar-pelajar mempersembahkan tarian tradisional.",
            "Nenek saya sentiasa membuat kuih raya untuk seluruh keluarga, dan kami berbual sehingga lewat malam di rumah.",
            "Persatuan kami belajar bahasa Cina setiap pagi Sabtu di perpustakaan awam berhampiran pejabat kerajaan."]),
        ("fil", [
            "Noong nakaraang linggo, pumunta kami sa palengke sa gabi malapit sa ilog at kumain ng inihaw na isda kasama ang mga kaibigan.",
            "Taun-taon ay nagdaraos ang aming unibersidad ng pista ng kultura, at nagtatanghal ang mga estudyante ng mga tradisyonal na sayaw.",
            "Palaging nagluluto ang lola ko ng pansit tuwing kaarawan ng kahit sino sa pamilya namin.",
            "Nag-aaral ang aming samahan ng wikang Tsino tuwing Sabado ng umaga sa silid-aklatan."]),
        ("km", [
            "កាលពីចុងសប្តាហ៍ យើងបានទៅផ្សាររាត្រីនៅមាត់ទន្លេ ហើយញ៉ាំត្រីអាំងជាមួយមិត្តភក្តិ។",
            "សាកលវិទ្យាល័យរបស់យើងរៀបចំពិធីបុណ្យវប្បធម៌ជារៀងរាល់ឆ្នាំ។",
            "យាយរបស់ខ្ញុំតែងតែធ្វើនំអន្សមក្នុងពិធីបុណ្យភ្ជុំបិណ្ឌ។",
            "ក្រុមរបស់យើងរៀនភាសាចិនរៀងរាល់ព្រឹកថ្ងៃសៅរ៍នៅបណ្ណាល័យ។"]),
        ("lo", [
            "ທ້າຍອາທິດແລ້ວພວກເຮົາໄປຕະຫຼາດກາງຄືນຢູ່ແຄມແມ່ນ້ຳຂອງ ແລະ ກິນປາປີ້ງກັບໝູ່ເພື່ອນ.",
            "ມະຫາວິທະຍາໄລຂອງພວກເຮົາຈັດງານບຸນວັດທະນະທຳທຸກໆປີ.",
            "ແມ່ຕູ້ຂອງຂ້ອຍເຮັດເຂົ້າໜົມໃຫ້ທຸກຄົນໃນຄອບຄົວໃນບຸນປີໃໝ່.",
            "ສະໂມສອນຂອງພວກເຮົາຮຽນພາສາຈີນທຸກໆເຊົ້າວັນເສົາຢູ່ຫໍສະໝຸດ."]),
        ("my", [
            "ပြီးခဲ့တဲ့ စနေနေ့က ကျွန်တော်တို့ မြစ်ကမ်းနားက ညဈေးကို သွားပြီး ငါးကင် စားခဲ့တယ်။",
            "ကျွန်တော်တို့ တက္ကသိုလ်မှာ နှစ်စဉ် ယဉ်ကျေးမှုပွဲတော် ကျင်းပပါတယ်။",
            "အဖွားက သင်္ကြန်ပွဲတော်မှာ မိသားစုအားလုံးအတွက် မုန့်လုံးရေပေါ် လုပ်ပေးတယ်။",
            "ကျွန်တော်တို့ အသင်းက စနေနေ့ မနက်တိုင်း စာကြည့်တိုက်မှာ တရုတ်စာ သင်ပါတယ်။"]),
    ];

    /// <summary>A post of two to four sentences of one language; deterministic for a given random.</summary>
    public static (string Language, string Title, string Body) Post(Random random, int n)
    {
        var (language, lines) = All[n % All.Length];
        var count = random.Next(2, 5);
        var body = string.Join(language is "zh-Hans" or "zh-Hant" or "th" or "lo" or "km" or "my" ? "" : " ",
            Enumerable.Range(0, count).Select(_ => lines[random.Next(lines.Length)]));
        return (language, $"Mekong {language} #{n}", body + $" code{n % 5000:D4}");
    }
}
