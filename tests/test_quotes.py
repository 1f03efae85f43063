"""arabnews_quotes on real Arabic news text (the seed, its gold, sentences of the dev gold articles).

Expected outputs are written by hand from the annotation (seeds/*.gold.jsonl, gold/dev notes), never produced
by the code. Sentences marked SNN come from SaudiNewsNet (CC BY-NC-SA 4.0, see tests/fixtures/README.md).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from arabnews.data import read_json
from arabnews.evaluation import match_quotes, record_to_doc
from arabnews.quotes import Lexicon, QuoteFinder

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_ID = "000_f3cf03ad0fd9bf49"


@pytest.fixture(scope="module")
def qnlp():
    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
    nlp.add_pipe("arabnews_sentences")
    nlp.add_pipe("arabnews_quotes")
    return nlp


def quotes_of(nlp, text):
    doc = nlp(text)
    return [(q.label_, " || ".join(doc.text[s:e] for s, e in q._.fragments)) for q in doc.spans["quotes"]]


def _gold(name):
    return [json.loads(line) for line in (SEEDS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


# ----------------------------------------------------------------------------- positive cases
CASES = [
    # seed sentences (France 24 / AFP)
    ('وقال ستولتنبرغ: "اليوم تتقدم قواتكم. إنها تواجه قتالا شرسا، لكنها تتقدم ميدانيا تدريجيا".',
     [("DIRECT", "اليوم تتقدم قواتكم. إنها تواجه قتالا شرسا، لكنها تتقدم ميدانيا تدريجيا")]),
    ('وأضاف: "الأوكرانيون يقاتلون من أجل عائلاتهم" و"حريتهم"، و"موسكو تقاتل من أجل أوهامها الإمبريالية".',
     [("DIRECT", "الأوكرانيون يقاتلون من أجل عائلاتهم || حريتهم || موسكو تقاتل من أجل أوهامها الإمبريالية")]),
    ('من جانبه، أكد زيلينسكي أن انضمام كييف إلى الحلف "مسألة وقت".',
     [("MIXED", 'انضمام كييف إلى الحلف "مسألة وقت"')]),
    ('وقال ستولتنبرغ خلال مؤتمر صحفي في كييف مع الرئيس الأوكراني فولوديمير زيلينسكي، إن "أوكرانيا حاليا أقرب '
     'إلى حلف شمال الأطلسي من أي وقت مضى".',
     [("DIRECT", "أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت مضى")]),
    ('وكان «ستارمر»، قال إنه لن يكون هناك تغيير في دعم بريطانيا القوي لأوكرانيا، وتعهد بزيادة الإنفاق العسكري '
     'البريطاني إلى 2.5٪ من الناتج المحلي الإجمالي.',
     [("INDIRECT", "لن يكون هناك تغيير في دعم بريطانيا القوي لأوكرانيا"),
      ("INDIRECT", "بزيادة الإنفاق العسكري البريطاني إلى 2.5٪ من الناتج المحلي الإجمالي")]),
    ("ويجتمع 32 من حلفاء «الناتو» في واشنطن لاتخاذ قرارات رئيسية، بحسب الموقع الرسمي لـ«الناتو».",
     [("ACCORDING_TO", "ويجتمع 32 من حلفاء «الناتو» في واشنطن لاتخاذ قرارات رئيسية")]),
    ("وبحسب وكالة أسوشيتد برس الأمريكية، سيخيم على القمة تساؤلات حول لياقة «بايدن».",
     [("ACCORDING_TO", "سيخيم على القمة تساؤلات حول لياقة «بايدن»")]),
    # SNN dev articles: participles end the previous clause and open their own act
    ("وقال الإعلامي إن المستهدف هو عبد الرحمان السويحلي وليس فائز السراج، موضحا أن السيارات لم تكن ضمن الموكب.",
     [("INDIRECT", "المستهدف هو عبد الرحمان السويحلي وليس فائز السراج"),
      ("INDIRECT", "السيارات لم تكن ضمن الموكب")]),
    ("كما صرح الناطق الرسمي باسم القوات الخاصة الليبية العقيد ميلود الزوي بأن محوري الليثي ومنطقة بوعطني "
     "يشهدان هدوءاً حذراً.",
     [("INDIRECT", "محوري الليثي ومنطقة بوعطني يشهدان هدوءاً حذراً")]),
    ("وأشار جارتنر إلى أن ترامب مصاب بداء العظمة والسادية.", [("INDIRECT", "ترامب مصاب بداء العظمة والسادية")]),
    ("ونفى سومه أن يكون من مشجعي الاتحاد، الغريم التقليدي لفريقه الحالي.",
     [("INDIRECT", "يكون من مشجعي الاتحاد، الغريم التقليدي لفريقه الحالي")]),
    ("لكن الجيش التركي أعلن مقتل جنديين وإصابة 4 بجروح.", [("INDIRECT", "مقتل جنديين وإصابة 4 بجروح")]),
    ("وقال : “هذا أمر لا نقبله ونرفضه”.", [("DIRECT", "هذا أمر لا نقبله ونرفضه")]),
    ("وقال البيان إن الزعيمين ناقشا أيضا تعميق تعاونهما في القتال ضد تنظيم داعش.",
     [("INDIRECT", "الزعيمين ناقشا أيضا تعميق تعاونهما في القتال ضد تنظيم داعش")]),
    ("وتطرق الجبير إلى الوضع في سوريا وأهمية إيجاد حل سياسي.",
     [("INDIRECT", "الوضع في سوريا وأهمية إيجاد حل سياسي")]),
    ("وجاء في التعميم، أن من بين الضوابط أن يطبق المنهج في فصول التحفيظ.",
     [("INDIRECT", "من بين الضوابط أن يطبق المنهج في فصول التحفيظ")]),
    # quote first, then the cue
    ("«نبذل قصارى جهدنا لتقريب هذه اللحظة»، قال زيلينسكي.", [("DIRECT", "نبذل قصارى جهدنا لتقريب هذه اللحظة")]),
    # diacritics and tatweel inside the cue
    ("وأكّـد الوزيرُ أنَّ الاجتماع تأجل إلى الأسبوع المقبل.", [("INDIRECT", "الاجتماع تأجل إلى الأسبوع المقبل")]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_quotes(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected


# ----------------------------------------------------------------------------- session 2 constructions
# Each rule with a development-partition sentence (SNN before 2015-08-01) that is NOT in gold/dev.jsonl, unless
# marked "gold" (then it is the dev-gold sentence the rule was found on). Expected outputs written from the
# sentence and ANNOTATION.md / gold/README.md rules 9-14.
CONSTRUCTIONS = [
    # a comma, a contrastive opener and a reporting verb start a new act (snn:2015-07-21:637)
    ('وقال ريهاردز كوزلوفسكيس وزير داخلية لاتفيا إنه يتوقع مناقشة صعبة ، مضيفا أن بلاده سوف تبدي تضامنا، لكنه '
     'أشار إلى أن هذه قضية "حساسة" في لاتفيا حيث أن تحديات الهجرة ليست مألوفة لها.',
     [("INDIRECT", "يتوقع مناقشة صعبة"), ("INDIRECT", "بلاده سوف تبدي تضامنا"),
      ("INDIRECT", 'هذه قضية "حساسة" في لاتفيا حيث أن تحديات الهجرة ليست مألوفة لها')]),
    # the same opener without the comma (snn:2015-07-21:1456)
    ("وعن سياسة التنقل بين المواقع، قال إن المطعم الحالي لا يطلب منه أي رسوم، إلا أنه أشار إلى أن هذا ما يحدث مع "
     "زملاء له يعانون في بعض المواقع من فرض مثل هذه الرسوم.",
     [("INDIRECT", "المطعم الحالي لا يطلب منه أي رسوم"),
      ("INDIRECT", "هذا ما يحدث مع زملاء له يعانون في بعض المواقع من فرض مثل هذه الرسوم")]),
    # an opener carrying the subject pronoun: the verb takes its object directly (snn:2015-07-21:1759)
    ("وإثر شكوى تقدمت بها مالكة السيارة، وهي اوروبية، أقرت جودي ماغي بعدما استجوبتها الشرطة بأنها نشرت الصورة لكنها "
     "نفت نشرها النص.",
     [("INDIRECT", "نشرت الصورة"), ("INDIRECT", "نشرها النص")]),
    # a fronted topic after a comma (، وعن X قال: ...), and إنه after a colon is left out (snn:2015-07-21:411)
    ("وعن مقارنته بالشعراء الآخرين، قال تركي المشيقح إنه خارج المنافسة مع الشعراء تمامًا، وعن فيصل اليامي قال: إنه "
     "شريك نجاح ومن أوائل من كسر حاجز الساحة الشعبية.",
     [("INDIRECT", "خارج المنافسة مع الشعراء تمامًا"),
      ("INDIRECT", "شريك نجاح ومن أوائل من كسر حاجز الساحة الشعبية")]),
    # a participle with its own content ends the clause before it even without a comma (snn:2015-07-22:1547)
    ("واوضح صالحي ان الحاجة للوصول الى كميات كافية من عملية انتاج الوقود المطمئن هي ما بين 7 و 8 اعوام مؤكدا ضرورة "
     "حفاظ ايران على احتياطياتها من اليورانيوم.",
     [("INDIRECT", "الحاجة للوصول الى كميات كافية من عملية انتاج الوقود المطمئن هي ما بين 7 و 8 اعوام"),
      ("INDIRECT", "ضرورة حفاظ ايران على احتياطياتها من اليورانيوم")]),
    # a time adverb ends a VSO subject; the nominal object follows (snn:2015-07-21:2691)
    ("أعلنت إدارة نادي الشباب أمس الجمعة تعاقدها مع اللاعب الدولي الأورغوياني دييغو أريزميندي متوسط ميدان فريق "
     "ناسيونال بطل الدوري الأورغوياني، ليكون ضمن قائمة الفريق في الموسم المقبل.",
     [("INDIRECT", "تعاقدها مع اللاعب الدولي الأورغوياني دييغو أريزميندي متوسط ميدان فريق ناسيونال بطل الدوري "
                   "الأورغوياني، ليكون ضمن قائمة الفريق في الموسم المقبل")]),
    # according-to without a comma: فإن introduces the statement and is left out (snn:2015-07-21:49)
    ("وبحسب ما نقلته وكالة الأنباء الإماراتية الرسمية «وام» فإن القانون يحظر الإساءة إلى الذات الإلهية والأديان "
     "والأنبياء والرسل والكتب السماوية ودور العبادة.",
     [("ACCORDING_TO", "القانون يحظر الإساءة إلى الذات الإلهية والأديان والأنبياء والرسل والكتب السماوية "
                       "ودور العبادة")]),
    # a relay between dashes: the speech quote and an according-to quote over the same content (rule 9;
    # snn:2015-07-21:53)
    ("يقول الناطق باسم مجلس قيادة المقاومة الشعبية علي الأحمدي - حسب وكالة الصحافة الفرنسية - إن «مقاتلي المقاومة "
     "نجحوا في السيطرة على معظم حي التواهي ومنشآته الحيوية».",
     [("DIRECT", "مقاتلي المقاومة نجحوا في السيطرة على معظم حي التواهي ومنشآته الحيوية"),
      ("ACCORDING_TO", "مقاتلي المقاومة نجحوا في السيطرة على معظم حي التواهي ومنشآته الحيوية")]),
    # a Quran verse cited with قوله تعالى: parentheses as quotation marks (rule 11; snn:2015-07-21:1388)
    ("وجعل يتلو قوله تعالى (وَمِنَ النَّاسِ مَنْ يَشْرِي نَفْسَهُ ابْتِغاءَ مَرْضَاةِ اللَّهِ وَاللَّهُ رَءُوفٌ بِالْعِبَادِ).",
     [("DIRECT", "وَمِنَ النَّاسِ مَنْ يَشْرِي نَفْسَهُ ابْتِغاءَ مَرْضَاةِ اللَّهِ وَاللَّهُ رَءُوفٌ بِالْعِبَادِ")]),
    # gold (ant:JA-politic-187-20170303): a closing mark never comes; the quotation stops before the narrator's cue
    ('وقال إن "تونس ضد الحلول العسكرية وتساند الحل السياسي الليبي دون تدخل أجنبي وان الإتحاد الأوروبي يقوم بدور في '
     'مساندة هذه المبادرة مطالبا في هذا الصدد المسؤولين الأوروبيين بتقديم الدعم.',
     [("DIRECT", "تونس ضد الحلول العسكرية وتساند الحل السياسي الليبي دون تدخل أجنبي وان الإتحاد الأوروبي يقوم بدور في "
                 "مساندة هذه المبادرة"),
      ("INDIRECT", "بتقديم الدعم")]),
    # gold (snn:2015-07-23:137): a two-word gloss after a quoted clause does not make it mixed (rule 12)
    ('وقال "الدعم العاجل من المانحين ضروري لكي يلحق المزارعون بموسم زراعة الحبوب القادم الذي يبدأ في أكتوبر" '
     'تشرين الأول.',
     [("DIRECT", "الدعم العاجل من المانحين ضروري لكي يلحق المزارعون بموسم زراعة الحبوب القادم الذي يبدأ في أكتوبر")]),
    # gold (snn:2015-07-31:2128): a hashtag in marks is not a quotation (the speech act after it is)
    ('وأطلق مغرّدون هاشتاج "#شكرا_عزام_الدخيل على دعمك"، أشادوا فيه بقرار الوزير.',
     [("INDIRECT", "بقرار الوزير")]),
    # gold (snn:2015-07-27:925): an adjectival participle after a comma is not a new act
    ("وله عوائد مرتفعة متوقعة، كما أنه يصب في مصلحة المواطنين.", []),
    # gold (snn:2015-07-23:33): a pronoun object before the time adverb: the word after it is the subject
    ("المخطوطة أعلنت عنها أمس جامعة برمنغهام.", []),
    # survey answers are not quotes (rule 7; snn:2015-07-22:888)
    ("وقال 57% من الآباء إن أطفالهم يفضلون الكمبيوتر اللوحي على التلفزيون.", []),
    # gold (snn:2015-07-23:33): a religious formula in marks is neither a quotation nor a fragment, and a number
    # with a direction mark after its period (4.\u200f95) does not end the sentence
    ("وأضافت الجامعة أن هناك احتمالا بنسبة 4.\u200f95 في المائة بأن تكون المخطوطة قد كتبت في عصر النبي محمد «صلى "
     "الله عليه وسلم» (نحو 570 - 632 ميلاديا) لتكون بذلك واحدة من أقدم النسخ القرآنية المحفوظة.",
     [("INDIRECT", "هناك احتمالا بنسبة 4.\u200f95 في المائة بأن تكون المخطوطة قد كتبت في عصر النبي محمد «صلى الله "
                   "عليه وسلم» (نحو 570 - 632 ميلاديا) لتكون بذلك واحدة من أقدم النسخ القرآنية المحفوظة")]),
    # gold (snn:2015-07-21:2397): طلب as a noun ("a request") followed by a relative clause is no speech act
    ("بعد أن يقدم اللاعب طلب رسمي من النادي الذي يرغب بالتعاقد معه.", []),
    # a cue form inside a name after أبي / بن is no cue (snn:2015-07-21:70); مقرات is "headquarters"
    # (snn:2015-07-27:1199); both found reading predictions on dev articles outside the gold
    ("وحادث استهداف المصلين بمسجد الإمام علي بن أبي طالب ببلدة القديح.", []),
    ("بل وجرى استهداف مقرات الجيش والشرطة في قلب مدينة العريش نفسها.", []),
]


@pytest.mark.parametrize("text,expected", CONSTRUCTIONS)
def test_constructions(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected


def test_qaila_continues_the_verbs_act(qnlp):
    # snn:2015-07-21:374: "وأضاف قائلا:" is one act, its cue is the verb
    text = ("وأضاف قائلا: «ترحب المصارف الأوروبية بمنح قروض لشراء عقارات في الخارج في حال ما كانت هناك ضمانات "
            "تتمثل في عقارات تمتلكها في الدولة التي تحصل فيها على القرض».")
    doc = qnlp(text)
    (quote,) = doc.spans["quotes"]
    assert quote.label_ == "DIRECT" and quote._.cue.text == "وأضاف"


@pytest.mark.xfail(strict=True, reason="a narrator's clause after a comma opened by في حين (no reporting verb) is "
                   "kept: in the dev gold في حين / وذلك after a comma continue the statement 12 times of 14")
def test_according_to_stops_before_narration():
    nlp = spacy.blank("ar")
    nlp.add_pipe("arabnews_quotes")
    text = ("وبحسب صحيفة «صنداي مورنينغ بوست» التي تصدر في هونغ كونغ فإن القطعة المعدنية سقطت من على ارتفاع 3700 "
            "متر واخترقت سقف مصنع، في حين أكملت الطائرة رحلتها وهبطت في باريس من دون مشاكل.")
    assert quotes_of(nlp, text) == [("ACCORDING_TO", "القطعة المعدنية سقطت من على ارتفاع 3700 متر واخترقت سقف مصنع")]


@pytest.mark.xfail(strict=True, reason="VSO verb + long subject + nominal object without complementiser, time "
                   "adverb or listed masdar head: the subject/object boundary needs a parser")
def test_vso_nominal_object_after_long_subject():
    nlp = spacy.blank("ar")
    nlp.add_pipe("arabnews_quotes")
    # snn:2015-07-24:384
    text = ("وأبدى أوباما – الذي زار كينيا عندما كان عضوا بمجلس الشيوخ في 2006 – قدرا من الإحباط لأنه لن يتاح له "
            "نفس القدر من الحرية لرؤية البلد أثناء الزيارة إلا أنه قال إنه يتطلع لها في جميع الأحوال.")
    assert quotes_of(nlp, text) == [
        ("INDIRECT", "قدرا من الإحباط لأنه لن يتاح له نفس القدر من الحرية لرؤية البلد أثناء الزيارة"),
        ("INDIRECT", "يتطلع لها في جميع الأحوال")]


# ----------------------------------------------------------------------------- not quotes
NOT_QUOTES = [
    "تهديدات الحلف ومدى لياقة «بايدن».. أبرز ملفات «قمة الناتو» المنتظرة في واشنطن",
    "بمناسبة مرور 75 عامًا على تأسيس حلف شمال الأطلسي «الناتو»، تستعد واشنطن لاستقبال قمة «الناتو» المرتقبة.",
    "أول ظهور لـ«ستارمر»",
    "وشارك في «برنامج نونهيومان» عدد من الباحثين.",
    "يذكر أن هؤلاء الجنود يعملون هناك على نظام الدفاع الصاروخي باتريوت.",
    "وتبين أن الحريق انتشر بسبب الأعشاب اليابسة وسرعة الرياح.",
    "وقام اللاعب بتوقيع العقد قبل أن يسافر إلى ميلان.",
    "  • \"الناتو\" يكشف عن أكبر تحد أمني يواجهه.. وهذه خططه لمواجهة بوتين",
    "ويرشح الطلاب حسب الاجراءات المعمول بها في الوزارة.",
    "وردا على سؤال حول الموضوع لم يعلق المتحدث.",
    "",
    "   \n  ",
    "Stoltenberg said that Kyiv is closer than ever.",
]


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_not_quotes(qnlp, text):
    assert quotes_of(qnlp, text) == []


def test_name_in_marks_inside_indirect_is_not_mixed(qnlp):
    text = "وقال المتحدث إن «الناتو» سيعقد قمته في واشنطن الشهر المقبل."
    assert quotes_of(qnlp, text) == [("INDIRECT", "«الناتو» سيعقد قمته في واشنطن الشهر المقبل")]


# ----------------------------------------------------------------------------- flags and record
@pytest.mark.parametrize("text,negated,thought", [
    ("ونفى الوزير أن تكون الحكومة قد وافقت على الاتفاق.", True, False),
    ("ولم يقل المتحدث إن الاجتماع تأجل.", True, False),
    ("واعتبر المحلل أن القرار جاء متأخرا.", False, True),
    ("وأكد الوزير أن الحكومة وافقت على الاتفاق.", False, False),
])
def test_negated_and_thought(qnlp, text, negated, thought):
    doc = qnlp(text)
    (quote,) = doc.spans["quotes"]
    assert (quote._.negated, quote._.thought) == (negated, thought)


def test_quote_record(qnlp):
    text = "من جانبه، أكد زيلينسكي أن انضمام كييف إلى الحلف \"مسألة وقت\"."
    doc = qnlp(text)
    (quote,) = doc.spans["quotes"]
    info = quote._.arabnews_quote
    doc2 = qnlp(text)
    assert doc2.spans["quotes"][0]._.quote_id == info["id"]  # stable across runs
    assert info["type"] == quote.label_ == "MIXED"
    assert quote._.cue.text == "أكد" and info["cue_lemma"] == "أكد"
    assert text[slice(*info["speaker_slot"])] == "زيلينسكي"
    assert re.fullmatch(r"q\d{7}-[0-9a-f]{6}", info["id"]) and info["id"] == quote._.quote_id
    assert info["id"].startswith(f"q{info['fragments'][0][0]:07d}-")


def test_span_expands_over_clitic_tokens(qnlp):
    text = 'منددا "بالأوهام الإمبريالية" لموسكو.'
    doc = qnlp(text)
    (quote,) = doc.spans["quotes"]
    assert quote.label_ == "MIXED"
    assert quote.text.endswith("لموسكو")
    assert quote._.fragments == [(text.index('"'), text.index("لموسكو") + len("لموسكو"))]


def test_speaker_slot_svo_and_quote_first(qnlp):
    text = "لكن الجيش التركي أعلن مقتل جنديين وإصابة 4 بجروح."
    doc = qnlp(text)
    info = doc.spans["quotes"][0]._.arabnews_quote
    assert text[slice(*info["speaker_slot"])] == "لكن الجيش التركي"
    text = "«نبذل قصارى جهدنا لتقريب هذه اللحظة»، قال زيلينسكي."
    doc = qnlp(text)
    info = doc.spans["quotes"][0]._.arabnews_quote
    assert text[slice(*info["speaker_slot"])] == "زيلينسكي"


# ----------------------------------------------------------------------------- seed documents
def _coverage_ok(gold_quotes, doc, threshold):
    text = doc.text
    pred = [{"content": [{"start": s, "end": e, "text": text[s:e]} for s, e in q._.fragments]}
            for q in doc.spans["quotes"]]
    return len(match_quotes(gold_quotes, pred, threshold)), len(pred)


def test_seed_quotes_all_found_with_gold_boilerplate(qnlp, seed_text):
    (gold,) = _gold(f"{SEED_ID}.gold.jsonl")
    doc = qnlp.make_doc(seed_text)
    doc.spans["boilerplate"] = [doc.char_span(b["start"], b["end"], alignment_mode="expand")
                                for b in gold["boilerplate"]]
    for _, proc in qnlp.pipeline:
        doc = proc(doc)
    matched, n_pred = _coverage_ok(gold["quotes"], doc, 0.8)
    assert (matched, n_pred) == (9, 9)


def test_appended_article_quotes_and_no_guillemet_names(qnlp):
    (gold,) = _gold(f"{SEED_ID}.appended.gold.jsonl")
    doc = qnlp(gold["text"])
    matched, n_pred = _coverage_ok(gold["quotes"], doc, 0.8)
    assert (matched, n_pred) == (5, 5)
    for quote in doc.spans["quotes"]:
        for s, e in quote._.fragments:
            assert doc.text[s:e] not in ("الناتو", "بايدن", "قمة الناتو", "ستارمر")


def test_boilerplate_is_skipped_unless_asked(seed_text):
    nlp = spacy.blank("ar")
    nlp.add_pipe("arabnews_quotes")
    nlp_all = spacy.blank("ar")
    nlp_all.add_pipe("arabnews_quotes", config={"include_boilerplate": True})
    marker = seed_text.index("فرانس24/")
    for n, expected_after in ((nlp, False), (nlp_all, True)):
        doc = n.make_doc(seed_text)
        doc.spans["boilerplate"] = [doc.char_span(marker, len(seed_text), alignment_mode="expand")]
        doc = n.get_pipe("arabnews_quotes")(doc)
        assert any(q.start_char > marker for q in doc.spans["quotes"]) is expected_after


# ----------------------------------------------------------------------------- lexicon as data
def test_lexicon_size_and_forms():
    data = read_json("quotes.v1.json")
    assert len({v["lemma"] for v in data["verbs"]}) >= 60
    lex = Lexicon(data)
    for form in ("قال", "قالت", "قالوا", "وقال", "فقال", "يقول", "تقول", "يقولون", "قائلا", "مؤكدا", "مؤكدة",
                 "وأكدت", "نفت", "نفوا", "ينفي", "دعت", "يدعو", "أشارت", "مشيرين"):
        assert lex.entries(form), form
    for word in ("الحلف", "الناتو", "كييف", "بين_"):
        assert not lex.entries(word)


def test_new_verb_from_data_only():
    data = copy.deepcopy(read_json("quotes.v1.json"))
    text = "وغمغم اللاعب أن الفريق سيفوز."
    assert QuoteFinder(Lexicon(data)).find(text) == []
    data["verbs"].append({"lemma": "غمغم", "perfect": "غمغم", "imperfect": "يغمغم", "participle": "مغمغم",
                          "objects": []})
    (quote,) = QuoteFinder(Lexicon(data)).find(text)
    assert text[slice(*quote.fragments[0])] == "الفريق سيفوز"


# ----------------------------------------------------------------------------- robustness
@pytest.mark.parametrize("text", [
    '"' * 1001, "«" * 500 + "»" * 3, 'قال: "' * 300, "وقال إن " * 2000, "قال قال قال أن أن :" * 500,
    "وقال\u200f الوزير\x00 إن \ufefb الوضع صعب", "<p>وقال الوزير: «الوضع صعب جدا الآن»</p>",
    "وقــــال الوزيــر إنّ الوضعَ صعبٌ", "ﻭﻗﺎﻝ ﺍﻟﻮﺯﻳﺮ ﺇﻥ ﺍﻟﻮﺿﻊ ﺻﻌﺐ", "بحسب", "بحسب،", ":", "«»", "قال",
])
def test_hostile_input_never_crashes(qnlp, text):
    doc = qnlp(text)
    for quote in doc.spans["quotes"]:
        assert quote.label_ in ("DIRECT", "INDIRECT", "MIXED", "ACCORDING_TO")
        assert all(0 <= s < e <= len(text) for s, e in quote._.fragments)


def test_unbalanced_marks_keep_the_rest(qnlp):
    text = 'قال الوزير "إن الوضع صعب. وأضاف أن الحل قريب.\nوفي سياق آخر، أعلن المتحدث أن الاجتماع تأجل.'
    assert ("INDIRECT", "الاجتماع تأجل") in quotes_of(qnlp, text)


# ----------------------------------------------------------------------------- pipeline integration
def test_round_trip_to_disk(qnlp, tmp_path, seed_text):
    qnlp.to_disk(tmp_path / "nlp")
    nlp2 = spacy.load(tmp_path / "nlp")
    a, b = qnlp(seed_text), nlp2(seed_text)
    assert [(q.start_char, q.end_char, q.label_, q._.arabnews_quote) for q in a.spans["quotes"]] == \
           [(q.start_char, q.end_char, q.label_, q._.arabnews_quote) for q in b.spans["quotes"]]
    assert len(a.spans["quotes"]) > 5


def test_doc_bin_keeps_records(qnlp, seed_text):
    from spacy.tokens import DocBin

    doc = qnlp(seed_text)
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(qnlp.vocab))[0]
    def records(d):
        return [json.loads(json.dumps(q._.arabnews_quote)) for q in d.spans["quotes"]]

    assert records(restored) == records(doc) != []


def test_nlp_evaluate_reports_quote_scores(qnlp):
    (gold,) = _gold(f"{SEED_ID}.appended.gold.jsonl")
    example = Example(qnlp.make_doc(gold["text"]), record_to_doc(qnlp, gold))
    scores = qnlp.evaluate([example])
    assert scores["quotes_p"] == scores["quotes_r"] == scores["quotes_f"] == 1.0


def test_in_load_pipeline(nlp, seed_text):
    assert "arabnews_quotes" in nlp.pipe_names
    doc = nlp(seed_text)
    assert len(doc.spans["quotes"]) >= 9
    # the seed's first direct quote, through the whole pipeline, with its speaker (audit T1: this line was
    # "assert arabnews is not None", which cannot fail)
    assert any(q.label_ == "DIRECT" and q.text.startswith("اليوم تتقدم قواتكم")
               and q._.speaker_name == "Jens Stoltenberg" for q in doc.spans["quotes"])


# ----------------------------------------------------------------------------- session 3 (audit Q1-Q6, H3)
# Multi-paragraph quotations (issue #4 "mark reopened each paragraph, closed only at the end"): one DIRECT quote,
# one fragment per paragraph, each exactly the text between its marks (gold/README.md rule 12).
MULTI_PARAGRAPH = [
    ("وقال وزير الخارجية في كلمته: «إن المملكة تقف مع الشعب اليمني في محنته، ولن تتخلى عنه.\n"
     "«لقد قدمنا مساعدات إنسانية بقيمة مليار دولار خلال العام الماضي.\n"
     "«وسنواصل العمل مع الأمم المتحدة حتى يعود الاستقرار إلى اليمن».",
     [("DIRECT", "إن المملكة تقف مع الشعب اليمني في محنته، ولن تتخلى عنه. || لقد قدمنا مساعدات إنسانية بقيمة "
                 "مليار دولار خلال العام الماضي. || وسنواصل العمل مع الأمم المتحدة حتى يعود الاستقرار إلى اليمن")]),
    # the colon ends the line, the quotation starts on the next one
    ("وقال المتحدث باسم التحالف في بيان:\n«استهدفت طائراتنا مخازن الأسلحة في صنعاء.\n"
     "«ولم يصب أي مدني في هذه العمليات».",
     [("DIRECT", "استهدفت طائراتنا مخازن الأسلحة في صنعاء. || ولم يصب أي مدني في هذه العمليات")]),
    ('وأضاف: "الاقتصاد السعودي قوي رغم تراجع أسعار النفط.\n"ونتوقع نموا بنسبة ثلاثة في المائة هذا العام".',
     [("DIRECT", "الاقتصاد السعودي قوي رغم تراجع أسعار النفط. || ونتوقع نموا بنسبة ثلاثة في المائة هذا العام")]),
    # negatives: a quotation closed in its paragraph, then a name in marks opening the next one; an unclosed
    # quotation, then a paragraph without marks (the convention needs the mark at every paragraph)
    ("وقال الوزير: «الوضع مستقر في المدينة».\n«الرياض» تطرح القضية مع عدد من المختصين.",
     [("DIRECT", "الوضع مستقر في المدينة")]),
    ("وقال الوزير: «الوضع مستقر في المدينة\nوتابع الصحفيون المؤتمر حتى نهايته.\n«الرياض» تطرح القضية.",
     [("DIRECT", "الوضع مستقر في المدينة")]),
]


@pytest.mark.parametrize("text,expected", MULTI_PARAGRAPH)
def test_multi_paragraph_quotations(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected


def test_multi_paragraph_pairs():
    from arabnews.marks import find_quote_pairs

    text = "قال: «أ ب.\n«ج د.\n«هـ و»."
    pairs = find_quote_pairs(text)
    assert [(p.open, p.close, [text[s:e] for s, e in p.fragments]) for p in pairs] == [
        (5, 22, ["أ ب.", "ج د.", "هـ و"])]


# Relative ما (audit Q2, Q3): "بحسب/وفق ما + verb" is one according-to phrase (one ACCORDING_TO quote over the
# whole statement, rule 9: the gold's "حسبما افاد مصدر رسمي", "وفق ما أوردته ..."); a verb after relative ما has
# no content of its own ("ما يشير إلى": the writer's gloss, rule 7); ما is not a negation.
RELATIVE_MA = [
    ("وبحسب ما نقلت وكالة رويترز عن مصدر أمني، فإن الهجوم وقع قرب الحدود.",  # the chain example
     [("ACCORDING_TO", "الهجوم وقع قرب الحدود")]),
    ("وبحسب ما نقلت وكالة رويترز عن مصدر أمني، فإن الهجوم أسفر عن مقتل خمسة أشخاص.",
     [("ACCORDING_TO", "الهجوم أسفر عن مقتل خمسة أشخاص")]),
    # SNN 2015-07-21:276 (dev, not in the gold)
    ("وبحسب ما يشير إليه المراقبون فإن «شهر رمضان أصبح بمثابة الفرصة الثمينة للجماعات المتطرفة من أجل تجنيد "
     "الشباب».",
     [("ACCORDING_TO", "شهر رمضان أصبح بمثابة الفرصة الثمينة للجماعات المتطرفة من أجل تجنيد الشباب")]),
    # SNN 2015-07-21:81
    ("وقد ألقت شرطة الحدود الروسية القبض على شخص حاول تهريب أكثر من 100 رأس من الأغنام عبر الحدود، حسبما "
     "أفادت به وسائل إعلام محلية.",
     [("ACCORDING_TO", "وقد ألقت شرطة الحدود الروسية القبض على شخص حاول تهريب أكثر من 100 رأس من الأغنام عبر "
                       "الحدود")]),
    ("وأضاف المصدر أن الاجتماع تأجل، وفقا لما ذكرته وكالة الأنباء السعودية.",
     [("INDIRECT", "الاجتماع تأجل"), ("ACCORDING_TO", "الاجتماع تأجل")]),
    # SNN 2015-07-21:0 and :225: no source, no quote
    ("ورفعت بريطانيا مستوى التأهب للخطر الى ثاني أعلى مستوياته، ما يشير إلى جهوزية البلاد لاحتمالية وقوع هجوم.",
     []),
    ("هذا ما يشير إليه الكاتب الفرنسي إيمانويل هيمان في مؤلفه «الأصولية اليهودية.. فرنسا، إسرائيل».", []),
    # a resumptive pronoun, then a complementiser or a colon: what the source said (SNN 2015-07-21:446, :481)
    ("ما أكد عليه المندلاوي أن دار الأزياء تسعى لمواكبة طلبات الأسواق العراقية والعربية بتصاميم جديدة.",
     [("INDIRECT", "دار الأزياء تسعى لمواكبة طلبات الأسواق العراقية والعربية بتصاميم جديدة")]),
    ("والحرص على وحدة الصف، وهو ما شدد عليه الملك في كلمته التي وجهها إلى الشعب السعودي: «سنظل بحول الله وقوّته "
     "متمسكين بالنهج القويم».",
     [("DIRECT", "سنظل بحول الله وقوّته متمسكين بالنهج القويم")]),
]


@pytest.mark.parametrize("text,expected", RELATIVE_MA)
def test_relative_ma(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected


@pytest.mark.parametrize("text", [
    "وبحسب ما نقلت وكالة رويترز عن مصدر أمني، فإن الهجوم وقع قرب الحدود.",
    # SNN 2015-07-21:193
    "وتمنى بلاتر التوفيق لجميع الذين سيترشحون لخلافته بمن فيهم ميشال بلاتيني الذي يدرس جديا خيار ترشحه بحسب ما "
    "أكدت مصادر إعلامية أمس.",
])
def test_relative_ma_is_not_negation(qnlp, text):
    doc = qnlp(text)
    assert doc.spans["quotes"] and not any(q._.negated for q in doc.spans["quotes"])


# A reporting verb in a relative clause (audit Q1): the relative clause is part of the main clause's subject, so
# the main quote is kept; the relative clause is a quote of its own (rule 4; the gold's "ميلنر الذي أعلن أمس أنه")
# only when a complementiser / colon / mark introduces a clause, never with a nominal object or one word.
RELATIVE_CLAUSES = [
    ("وأكد الوزير الذي أعلن استقالته أمس أن الحكومة لن تتراجع.", [("INDIRECT", "الحكومة لن تتراجع")]),
    ("وأكد الوزير، الذي قال إن القرار نهائي، أن الحكومة لن تتراجع.",
     [("INDIRECT", "القرار نهائي"), ("INDIRECT", "الحكومة لن تتراجع")]),
    ("وتحدث المتحدث باسم الحكومة الذي قال إن القرار نهائي.", [("INDIRECT", "القرار نهائي")]),
    # SNN 2015-07-21:832 and :2177 (dev, not in the gold)
    ("ويُلقى عليهم اللوم بسبب المذبحة، التي يقولون إنه لم يكُن بإمكانهم فعل شيء يذكر لمنعها.",
     [("INDIRECT", "لم يكُن بإمكانهم فعل شيء يذكر لمنعها")]),
    ("وأوضح الدكتور ممدوح سبحي استشاري أمراض القلب بمستشفى الملك فهد بجدة، الذي أكد أن أمراض القلب كثيرة.",
     [("INDIRECT", "أمراض القلب كثيرة")]),
    # negatives: a nominal object (background), a one-word characterisation, the object of the relative verb
    ("وانشق عدد من الجنود الذين أعلنوا انشقاقهم عن الجيش أمس.", []),
    ("ليتم لاحقا إيقافه بالتهمة التي اعتبر أنها ملفقة.", []),
    ('وقال المسؤول الذي طلب عدم نشر اسمه "غرق زورق واحترق آخر".', [("DIRECT", "غرق زورق واحترق آخر")]),
]


@pytest.mark.parametrize("text,expected", RELATIVE_CLAUSES)
def test_relative_clauses(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected


# Passive / impersonal and according-to forms of the issue (audit Q4, Q6). The speaker slot holds the source as
# written after the cue: without the preposition linking the cue to it (نُقل عن, استنادا إلى) and without the
# speech noun the cue governs (قوله, كلمته بالقول); a passive cue with nothing after it has no slot (an unnamed
# source); "على لسان" in a speech verb's slot is part of that act (one quote).
SOURCE_FORMS = [
    ("أفيد بأن الاجتماع تأجل إلى الأسبوع المقبل.", [("INDIRECT", "الاجتماع تأجل إلى الأسبوع المقبل", None)]),
    ("وأُفيد بأن الاجتماع تأجل إلى الأسبوع المقبل.", [("INDIRECT", "الاجتماع تأجل إلى الأسبوع المقبل", None)]),
    ("وقيل إن الاجتماع تأجل.", [("INDIRECT", "الاجتماع تأجل", None)]),
    ("ونقل عن ستولتنبرغ قوله إن الحلف سيدعم أوكرانيا.", [("INDIRECT", "الحلف سيدعم أوكرانيا", "ستولتنبرغ")]),
    ("ونُقل عن وزير الخارجية الفرنسي قوله إن بلاده ستشارك في المؤتمر.",
     [("INDIRECT", "بلاده ستشارك في المؤتمر", "وزير الخارجية الفرنسي")]),
    # a chain keeps both sources for the speakers component (rule 9: speaker Y, via X)
    ("ونقلت وكالة الصحافة الفرنسية عن غابريال قوله إن العلاقات جيدة مع ألمانيا.",
     [("INDIRECT", "العلاقات جيدة مع ألمانيا", "وكالة الصحافة الفرنسية عن غابريال")]),
    ("وجاء على لسان المتحدث باسم الحكومة أن القرار نهائي.",
     [("INDIRECT", "القرار نهائي", "المتحدث باسم الحكومة")]),
    ("وقالت الحكومة، على لسان المتحدث باسمها، إن القرار نهائي.",
     [("INDIRECT", "القرار نهائي", "الحكومة، على لسان المتحدث باسمها")]),
    ("واستنادا إلى مصادر دبلوماسية، فإن المفاوضات ستستأنف الأسبوع المقبل.",
     [("ACCORDING_TO", "المفاوضات ستستأنف الأسبوع المقبل", "مصادر دبلوماسية")]),
    # SNN 2015-07-21:1623 (dev, not in the gold): the cue nearest the content (نقلا) wins, its source is Y
    ("وذكرت صحيفة الشرق الأوسط نقلا عن مسؤول أمني سعودي أن الوفد توجه جوا من الرياض إلى أريتريا.",
     [("INDIRECT", "الوفد توجه جوا من الرياض إلى أريتريا", "مسؤول أمني سعودي")]),
    # وختم (colon or mark only) also takes إن after بالقول
    ("وختم بالقول إن النصر قريب.", [("INDIRECT", "النصر قريب", None)]),
    ("وختم الوزير كلمته بالقول إن الحكومة لن تتراجع.", [("INDIRECT", "الحكومة لن تتراجع", "الوزير")]),
    ("وختم ستولتنبرغ حديثه بالقول إن الحلف موحد.", [("INDIRECT", "الحلف موحد", "ستولتنبرغ")]),
    # SNN 2015-07-21:184
    ("وختم بالقول: أتقدم بالشكر للجماهير على الدعم المتواصل ورسائل المساندة المتكررة.",
     [("INDIRECT", "أتقدم بالشكر للجماهير على الدعم المتواصل ورسائل المساندة المتكررة", None)]),
    ("وختم الوزير الاجتماع بعد ساعتين.", []),  # ختم = ended (no بالقول, no colon)
    ("وقال الأتراك عن الحرب إن الوضع صعب.", [("INDIRECT", "الوضع صعب", "الأتراك عن الحرب")]),  # قال عن: topic
]


@pytest.mark.parametrize("text,expected", SOURCE_FORMS)
def test_source_forms_and_speaker_slot(qnlp, text, expected):
    doc = qnlp(text)
    got = []
    for q in doc.spans["quotes"]:
        slot = q._.arabnews_quote["speaker_slot"]
        got.append((q.label_, " || ".join(text[s:e] for s, e in q._.fragments), text[slice(*slot)] if slot else None))
    assert got == expected


# Bidi controls (audit H3: ~450 in 5,000 dev articles) are invisible: the same quotes as without them.
@pytest.mark.parametrize("text,expected", [
    ("وقال ستولتنبرغ إن\u200f الحلف سيدعم أوكرانيا حتى النهاية.",
     [("INDIRECT", "الحلف سيدعم أوكرانيا حتى النهاية")]),
    ("وقال ستولتنبرغ \u200fإن الحلف سيدعم أوكرانيا.", [("INDIRECT", "الحلف سيدعم أوكرانيا")]),
    ("وقال ستولتنبرغ: \u200f«لن نتراجع عن دعم أوكرانيا».", [("DIRECT", "لن نتراجع عن دعم أوكرانيا")]),
    ('وقال ستولتنبرغ: \u200f"لن نتراجع عن دعم أوكرانيا"\u200f.', [("DIRECT", "لن نتراجع عن دعم أوكرانيا")]),
    ("وقال ستولتنبرغ إن \u202bالحلف سيدعم أوكرانيا.\u202c", [("INDIRECT", "الحلف سيدعم أوكرانيا")]),
    ("\u2067وقال\u2069 ستولتنبرغ إن\u061c الحلف سيدعم أوكرانيا.", [("INDIRECT", "الحلف سيدعم أوكرانيا")]),
])
def test_bidi_controls_are_invisible(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected
    doc = qnlp(text)
    for q in doc.spans["quotes"]:
        slot = q._.arabnews_quote["speaker_slot"]
        assert text[slice(*slot)] == "ستولتنبرغ"


def test_fold_drops_bidi_controls():
    from arabnews.quotes import fold

    assert fold("إن\u200f") == fold("إن") == "ان"


@pytest.mark.parametrize("text,content", [
    ("وقال الوزير: ‹الوضع صعب جدا في المدينة›.", "الوضع صعب جدا في المدينة"),
    ("وقال الوزير: ›الوضع صعب جدا في المدينة‹.", "الوضع صعب جدا في المدينة"),  # reversed
])
def test_single_guillemets_are_split_from_the_words(qnlp, text, content):
    """‹ › are tokens of their own like « » (audit Q6): the quote's span covers the content, not the marks."""
    doc = qnlp(text)
    (q,) = doc.spans["quotes"]
    assert (q.label_, q.text) == ("DIRECT", content)


# Issue bullets without a test before session 3 (audit T3): pluperfect, subjectless continuations.
@pytest.mark.parametrize("text,expected", [
    ("وكان الوزير قد قال إن الحكومة لن تتراجع عن قرارها.",
     [("INDIRECT", "الحكومة لن تتراجع عن قرارها", "وكان الوزير قد")]),
    ("واستطرد الوزير قائلا إن الحكومة لن تتراجع.", [("INDIRECT", "الحكومة لن تتراجع", "الوزير")]),
    ("واستطرد بالقول إن الحكومة لن تتراجع.", [("INDIRECT", "الحكومة لن تتراجع", None)]),
    ("وأضاف الوزير بالقول إن الحكومة لن تتراجع.", [("INDIRECT", "الحكومة لن تتراجع", "الوزير")]),
    ("وأردف: «لن نتراجع عن هذا القرار أبدا».", [("DIRECT", "لن نتراجع عن هذا القرار أبدا", None)]),
])
def test_pluperfect_and_continuations(qnlp, text, expected):
    doc = qnlp(text)
    got = []
    for q in doc.spans["quotes"]:
        slot = q._.arabnews_quote["speaker_slot"]
        got.append((q.label_, " || ".join(text[s:e] for s, e in q._.fragments), text[slice(*slot)] if slot else None))
    assert got == expected


def test_according_word_is_not_a_source(qnlp):
    """"بحسب بحسب ..." (a scraped run): another according-to word after the cue names no source."""
    assert quotes_of(qnlp, "بحسب " * 50) == []
    assert quotes_of(qnlp, "وارتفعت الأسعار خلال الأسبوع الماضي، بحسب وفق المعايير.") == []


@pytest.mark.parametrize("text", [
    # "يفترض أن" = "is supposed to": an impersonal frame like يذكر أن (SNN 2015-07-21:900, :991; dev, not gold)
    "ويفترض أن تبدأ الانتخابات التمهيدية للحزبين الجمهوري والديموقراطي في شباط 2016.",
    "ورداً على سؤال عن احتمال ترشحه لمنصب الرئيس الذي يفترض أن ينتخبه البرلمان مطلع 2016، لم يدل الجنرال بموقف.",
])
def test_supposed_to_is_not_a_quote(qnlp, text):
    assert quotes_of(qnlp, text) == []


# نقل reports speech only with its source after عن (or a complementiser / colon / mark): else it is "to carry"
# (SNN 2015-07-21:2932 in the gold: "ونقل برودكين إلى قسم شرطة"; tankers "ناقلات نفط", SNN 2015-07-21:1424).
@pytest.mark.parametrize("text,expected", [
    ("ونقل برودكين إلى قسم شرطة ليتم استجوابه قبل إطلاق سراحه.", []),
    ("وضبطت القوات ناقلات نفط كانت تحمل أسلحة وذخيرة إلى الميناء.", []),
    ("ونقلت عنه وكالة الصحافة الفرنسية قوله إن العلاقات جيدة.", [("INDIRECT", "العلاقات جيدة")]),
    ("ونقل شهود عيان أن قوات من الجيش الوطني شوهدت في طريقها إلى عدن.",
     [("INDIRECT", "قوات من الجيش الوطني شوهدت في طريقها إلى عدن")]),
])
def test_naqal_reports_only_with_its_source(qnlp, text, expected):
    assert quotes_of(qnlp, text) == expected
