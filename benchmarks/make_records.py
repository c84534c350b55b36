#!/usr/bin/env python3
"""Synthetic but realistic bilingual records for the benchmarks (issue #4).

    python benchmarks/make_records.py DEST --cases 300 [--seed 4] [--site]

writes into DEST:

* ``casestudies/``: N case studies, each with about 1,500 words per language over the five
  sections (English built from sentence templates; Khmer written as Khmer writers do: words
  joined without spaces into phrases, phrases separated by spaces, sentences ended with ``។``),
  2–5 partners, taxonomy terms, a period, ``related`` cross-links and ``tools_used``;
* ``tools/``: about N/10 tools (purpose, when to use, five steps, a download for every other one);
* ``glossary/``: 40 terms whose English and Khmer words occur in the case-study text, so the
  glossary tooltips have real work to do;
* ``taxonomies/``: copied from the repository's ``taxonomies/`` (else from tests/fixtures/mini).

``--site`` also copies the repository's hand-written ``docs/`` and ``mkdocs.yml`` (with the theme's
``custom_dir`` pointing at the repository's ``overrides/``), so ``mkdocs build`` runs in DEST.

Everything is drawn from ``random.Random(seed)``: the same seed and N give the same bytes.
Every record passes ``resource-centre validate``.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
GENERATED_DOCS = ("case-studies", "tools", "glossary", "browse", "data", ".resource-centre-generated.json")

# Words per language of the five sections of a case study (≈1,500 in all).
SECTION_WORDS = {"context": 300, "how_it_worked": 400, "challenges": 300, "results": 300, "lessons": 200}

# --------------------------------------------------------------------------------------------
# English: sentence templates with slots.
EN_SLOTS = {
    "actor": ["the Ministry of Health", "the Ministry of Education, Youth and Sport", "the provincial department",
              "the TWG secretariat", "the TWG chair", "the lead facilitator", "the development partners",
              "the Council for the Development of Cambodia", "the provincial governor's office",
              "the commune councils", "the district administration", "local NGOs", "the private sector partners",
              "the Ministry of Rural Development", "the Ministry of Agriculture, Forestry and Fisheries",
              "the Ministry of Economy and Finance", "the Ministry of Planning", "the joint monitoring team",
              "the health centre management committees", "the school support committees"],
    "verb": ["agreed", "reviewed", "shared", "strengthened", "revised", "monitored", "discussed", "financed",
             "aligned", "simplified", "documented", "coordinated", "harmonised", "reported on", "planned"],
    "object": ["the joint annual work plan", "a shared set of indicators", "the sector strategy",
               "the budget for the provincial programme", "the terms of reference of the TWG",
               "the monitoring framework", "the partnership agreement", "the roles of each partner",
               "the data from the health information system", "the results of the mid-term review",
               "the division of labour among development partners", "the capacity development plan",
               "the procurement procedures", "the minutes of the quarterly meetings", "the reporting calendar"],
    "qualifier": ["before the Government-Development Partner Coordination Committee met",
                  "in the first year of the programme", "with the support of a neutral facilitator",
                  "at the joint sector review", "so that every partner could see the same figures",
                  "after a long discussion about mutual accountability", "within the national budget cycle",
                  "in line with the National Strategic Development Plan", "through the provincial working group",
                  "as the Paris Declaration asks", "over the following eighteen months",
                  "without waiting for a new project to start", "in every district of the province"],
    "province": ["Siem Reap", "Battambang", "Kampong Cham", "Takeo", "Kampot", "Prey Veng", "Svay Rieng",
                 "Kratie", "Stung Treng", "Ratanakiri", "Mondulkiri", "Pursat", "Kampong Thom", "Kandal"],
    "number": ["two", "three", "four", "five", "six", "eight", "ten", "twelve", "fifteen", "twenty"],
    "noun": ["ownership", "alignment", "harmonisation", "mutual accountability", "managing for results",
             "trust", "transparency", "added value", "capacity development", "decentralisation and deconcentration"],
}
EN_TEMPLATES = [
    "{Actor} {verb} {object} {qualifier}.",
    "In {province}, {actor} and {actor2} {verb} {object} {qualifier}.",
    "Over {number} meetings, {actor} {verb} {object}, and {actor2} {verb2} {object2}.",
    "The partners saw that {noun} depended on {object} more than on any single project.",
    "{Actor} had long worked alone, but the partnership showed that {noun} grows when {actor2} {verb2} {object}.",
    "It took {number} months before {actor} and {actor2} trusted each other enough to share {object}.",
    "Each partner brought something different: {actor} brought {object}, while {actor2} brought {object2}.",
    "One lesson is that {noun} is built in small steps, for example when {actor} {verb} {object} {qualifier}.",
    "Progress on {noun} was slow at first, because {actor} did not yet see {object} as its own.",
    "By the end of the period {number} districts in {province} used {object}, and {noun} was visible to all.",
    "The TWG agreed that {actor} would lead, and {actor2} would support {object2} {qualifier}.",
    "A joint field visit to {province} helped {actor} and {actor2} to understand {object} in the same way.",
    "Some partners doubted whether {noun} was realistic, yet {actor} {verb} {object} {qualifier}.",
    "The secretariat kept a simple table of who {verb} {object}, which made {noun} concrete.",
]
EN_TITLE = ["Joint review of {topic} in {province}", "{Topic} partnership in {province}",
            "Strengthening {topic} through the TWG", "Shared indicators for {topic}",
            "A provincial partnership for {topic}", "Aligning support to {topic} in {province}",
            "Mutual accountability for {topic}", "Co-financing {topic} in {province}"]
TOPICS = [("health", "សុខាភិបាល"), ("primary education", "ការអប់រំបឋមសិក្សា"), ("rural water supply", "ការផ្គត់ផ្គង់ទឹកជនបទ"),
          ("sanitation", "អនាម័យ"), ("agriculture", "កសិកម្ម"), ("fisheries", "ជលផល"), ("rural roads", "ផ្លូវជនបទ"),
          ("public financial management", "ការគ្រប់គ្រងហិរញ្ញវត្ថុសាធារណៈ"), ("land management", "ការគ្រប់គ្រងដីធ្លី"),
          ("food security", "សន្តិសុខស្បៀង"), ("gender equality", "សមភាពយេនឌ័រ"), ("decentralisation", "វិមជ្ឈការ"),
          ("mine action", "សកម្មភាពកំចាត់មីន"), ("forestry", "ព្រៃឈើ"), ("social protection", "កិច្ចគាំពារសង្គម")]
PROVINCES_KM = {"Siem Reap": "ខេត្តសៀមរាប", "Battambang": "ខេត្តបាត់ដំបង", "Kampong Cham": "ខេត្តកំពង់ចាម",
                "Takeo": "ខេត្តតាកែវ", "Kampot": "ខេត្តកំពត", "Prey Veng": "ខេត្តព្រៃវែង", "Svay Rieng": "ខេត្តស្វាយរៀង",
                "Kratie": "ខេត្តក្រចេះ", "Stung Treng": "ខេត្តស្ទឹងត្រែង", "Ratanakiri": "ខេត្តរតនគិរី",
                "Mondulkiri": "ខេត្តមណ្ឌលគិរី", "Pursat": "ខេត្តពោធិ៍សាត់", "Kampong Thom": "ខេត្តកំពង់ធំ",
                "Kandal": "ខេត្តកណ្តាល"}
KM_TITLE = ["ការពិនិត្យរួមលើ{topic} នៅ{province}", "ភាពជាដៃគូលើ{topic} នៅ{province}",
            "ការពង្រឹង{topic} តាមរយៈក្រុមការងារបច្ចេកទេស", "សូចនាកររួមសម្រាប់{topic}",
            "ភាពជាដៃគូថ្នាក់ខេត្តសម្រាប់{topic}", "ការតម្រឹមជំនួយលើ{topic} នៅ{province}",
            "គណនេយ្យភាពទៅវិញទៅមកលើ{topic}", "ការរួមគ្នាផ្តល់ហិរញ្ញប្បទានលើ{topic} នៅ{province}"]

# --------------------------------------------------------------------------------------------
# Khmer: real words and short expressions about partnerships. A phrase joins 2–4 of them with no
# space; phrases are separated by spaces; a sentence ends with ។
KM_WORDS = {
    "noun": ["ភាពជាដៃគូ", "ក្រុមការងារបច្ចេកទេស", "ក្រសួង", "រាជរដ្ឋាភិបាល", "ដៃគូអភិវឌ្ឍន៍", "ខេត្ត", "ស្រុក", "ឃុំ",
             "គណនេយ្យភាព", "សូចនាករ", "កិច្ចប្រជុំ", "ផែនការ", "យុទ្ធសាស្ត្រ", "ថវិកា", "លទ្ធផល", "សមត្ថភាព",
             "សហគមន៍", "អង្គការមិនមែនរដ្ឋាភិបាល", "វិស័យឯកជន", "សុខាភិបាល", "ការអប់រំ", "កសិកម្ម", "ទឹកស្អាត",
             "របាយការណ៍", "គោលនយោបាយ", "មន្ត្រី", "ប្រធាន", "លេខាធិការដ្ឋាន", "ភាពជាម្ចាស់", "ប្រសិទ្ធភាព",
             "ជំនួយ", "ធនធាន", "កិច្ចព្រមព្រៀង", "គោលដៅរួម", "ដំណើរការ", "បញ្ហាប្រឈម", "មេរៀន", "ជោគជ័យ",
             "កត្តា", "ប្រព័ន្ធ", "នីតិវិធី", "ទិន្នន័យ", "ព័ត៌មាន", "តម្លាភាព", "ទំនុកចិត្ត", "តួនាទី",
             "ការទទួលខុសត្រូវ", "អ្នកសម្របសម្រួល", "ក្រុមប្រឹក្សាឃុំ", "មន្ទីរ", "ថ្នាក់ជាតិ", "ថ្នាក់ក្រោមជាតិ"],
    "verb": ["ការពិនិត្យ", "ការសម្របសម្រួល", "ការតាមដាន", "ការវាយតម្លៃ", "ការចូលរួម", "ការចែករំលែក",
             "ការអនុវត្ត", "ការដឹកនាំ", "ការតម្រឹម", "ការធ្វើសុខដុមកម្ម", "ការសម្រេចចិត្ត", "ការពិភាក្សា",
             "ការកសាង", "ការពង្រឹង", "ការរៀបចំ", "ការគ្រប់គ្រង", "ការកែសម្រួល", "ការផ្លាស់ប្តូរ"],
    "link": ["និង", "ជាមួយ", "ដើម្បី", "នៅក្នុង", "សម្រាប់", "របស់", "ដែល", "បាន", "ត្រូវ", "អាច", "រួមគ្នា",
             "ទៅវិញទៅមក", "ពី", "លើ", "តាមរយៈ", "ក្នុងរយៈពេល", "ប៉ុន្តែ", "ហើយ", "ព្រោះ"],
    "number": ["ពីរ", "បី", "បួន", "ប្រាំ", "ប្រាំមួយ", "ដប់", "ម្ភៃ", "ឆ្នាំ", "ខែ", "ត្រីមាស"],
}
KM_OPENERS = ["ក្នុងឆ្នាំដំបូង", "បន្ទាប់មក", "ជាលទ្ធផល", "ទោះបីជាយ៉ាងណា", "ម្យ៉ាងវិញទៀត", "នៅចុងបញ្ចប់",
              "ជាពិសេស", "ដូច្នេះ", "នៅពេលនោះ", "ជាដំបូង"]

# --------------------------------------------------------------------------------------------
PARTNERS = [  # (en, km, type)
    ("Ministry of Health", "ក្រសួងសុខាភិបាល", "government"),
    ("Ministry of Education, Youth and Sport", "ក្រសួងអប់រំ យុវជន និងកីឡា", "government"),
    ("Ministry of Rural Development", "ក្រសួងអភិវឌ្ឍន៍ជនបទ", "government"),
    ("Ministry of Agriculture, Forestry and Fisheries", "ក្រសួងកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ", "government"),
    ("Ministry of Economy and Finance", "ក្រសួងសេដ្ឋកិច្ច និងហិរញ្ញវត្ថុ", "government"),
    ("Ministry of Planning", "ក្រសួងផែនការ", "government"),
    ("Ministry of Women's Affairs", "ក្រសួងកិច្ចការនារី", "government"),
    ("Council for the Development of Cambodia", "ក្រុមប្រឹក្សាអភិវឌ្ឍន៍កម្ពុជា", "government"),
    ("Provincial Department of Health", "មន្ទីរសុខាភិបាលខេត្ត", "government"),
    ("Provincial Department of Education", "មន្ទីរអប់រំខេត្ត", "government"),
    ("European Union", "សហភាពអឺរ៉ុប", "development-partner"),
    ("Japan International Cooperation Agency", "ទីភ្នាក់ងារសហប្រតិបត្តិការអន្តរជាតិជប៉ុន", "development-partner"),
    ("Australian development cooperation", "កិច្ចសហប្រតិបត្តិការអភិវឌ្ឍន៍អូស្ត្រាលី", "development-partner"),
    ("German development cooperation", "កិច្ចសហប្រតិបត្តិការអភិវឌ្ឍន៍អាល្លឺម៉ង់", "development-partner"),
    ("Swedish development cooperation", "កិច្ចសហប្រតិបត្តិការអភិវឌ្ឍន៍ស៊ុយអែត", "development-partner"),
    ("UNICEF", "អង្គការយូនីសេហ្វ", "multilateral"),
    ("World Health Organization", "អង្គការសុខភាពពិភពលោក", "multilateral"),
    ("World Bank", "ធនាគារពិភពលោក", "multilateral"),
    ("Asian Development Bank", "ធនាគារអភិវឌ្ឍន៍អាស៊ី", "multilateral"),
    ("A national health NGO", "អង្គការមិនមែនរដ្ឋាភិបាលជាតិផ្នែកសុខាភិបាល", "ngo"),
    ("A network of local NGOs", "បណ្តាញអង្គការមិនមែនរដ្ឋាភិបាលក្នុងស្រុក", "ngo"),
    ("A provincial business association", "សមាគមពាណិជ្ជកម្មខេត្ត", "private-sector"),
    ("A microfinance institution", "គ្រឹះស្ថានមីក្រូហិរញ្ញវត្ថុ", "private-sector"),
    ("Royal University of Phnom Penh", "សាកលវិទ្យាល័យភូមិន្ទភ្នំពេញ", "academic"),
    ("Commune councils", "ក្រុមប្រឹក្សាឃុំ", "community"),
    ("Village health support groups", "ក្រុមគាំទ្រសុខភាពភូមិ", "community"),
]
ROLES = [("Chaired the TWG and owned the plan.", "ដឹកនាំក្រុមការងារបច្ចេកទេស និងជាម្ចាស់ផែនការ។"),
         ("Co-financed the programme through the national budget.", "រួមផ្តល់ហិរញ្ញប្បទានលើកម្មវិធីតាមរយៈថវិកាជាតិ។"),
         ("Acted as lead facilitator for the development partners.", "ជាអ្នកសម្របសម្រួលនាំមុខរបស់ដៃគូអភិវឌ្ឍន៍។"),
         ("Collected and shared the monitoring data.", "ប្រមូល និងចែករំលែកទិន្នន័យតាមដាន។"),
         ("Trained staff at district level.", "បណ្តុះបណ្តាលបុគ្គលិកនៅថ្នាក់ស្រុក។"),
         ("Brought the voice of the communities to the meetings.", "នាំសំឡេងសហគមន៍មកកាន់កិច្ចប្រជុំ។")]
SUCCESS = [("A trusted facilitator", "អ្នកសម្របសម្រួលដែលគេទុកចិត្ត"), ("One shared set of indicators", "សូចនាកររួមតែមួយ"),
           ("Regular joint field visits", "ការចុះពិនិត្យមូលដ្ឋានរួមគ្នាជាប្រចាំ"),
           ("Government leadership from the start", "ការដឹកនាំរបស់រាជរដ្ឋាភិបាលតាំងពីដំបូង"),
           ("Clear roles agreed in writing", "តួនាទីច្បាស់លាស់ដែលបានព្រមព្រៀងជាលាយលក្ខណ៍អក្សរ"),
           ("Budget aligned with the national plan", "ថវិកាតម្រឹមនឹងផែនការជាតិ")]
TAGS = ["review", "indicators", "budget", "provincial", "district", "monitoring", "health", "education", "water",
        "capacity", "accountability", "data", "planning", "TWG", "co-financing", "decentralisation"]

# 40 glossary terms; the English and Khmer words occur in the generated text.
GLOSSARY = [
    ("ownership", "ភាពជាម្ចាស់"), ("alignment", "ការតម្រឹម"), ("harmonisation", "ការធ្វើសុខដុមកម្ម"),
    ("mutual accountability", "គណនេយ្យភាពទៅវិញទៅមក"), ("managing for results", "ការគ្រប់គ្រងផ្អែកលើលទ្ធផល"),
    ("trust", "ទំនុកចិត្ត"), ("transparency", "តម្លាភាព"), ("added value", "តម្លៃបន្ថែម"),
    ("capacity development", "ការអភិវឌ្ឍសមត្ថភាព"), ("decentralisation and deconcentration", "វិមជ្ឈការ និងវិសហមជ្ឈការ"),
    ("joint annual work plan", "ផែនការការងារប្រចាំឆ្នាំរួម"), ("sector strategy", "យុទ្ធសាស្ត្រវិស័យ"),
    ("monitoring framework", "ក្របខ័ណ្ឌតាមដាន"), ("partnership agreement", "កិច្ចព្រមព្រៀងភាពជាដៃគូ"),
    ("terms of reference", "លក្ខខណ្ឌការងារ"), ("mid-term review", "ការពិនិត្យពាក់កណ្តាលអាណត្តិ"),
    ("division of labour", "ការបែងចែកការងារ"), ("procurement", "លទ្ធកម្ម"), ("lead facilitator", "អ្នកសម្របសម្រួលនាំមុខ"),
    ("TWG secretariat", "លេខាធិការដ្ឋានក្រុមការងារបច្ចេកទេស"), ("TWG chair", "ប្រធានក្រុមការងារបច្ចេកទេស"),
    ("development partners", "ដៃគូអភិវឌ្ឍន៍"), ("commune councils", "ក្រុមប្រឹក្សាឃុំ"),
    ("joint sector review", "ការពិនិត្យវិស័យរួម"), ("national budget", "ថវិកាជាតិ"),
    ("Paris Declaration", "សេចក្តីប្រកាសទីក្រុងប៉ារីស"), ("National Strategic Development Plan", "ផែនការយុទ្ធសាស្ត្រអភិវឌ្ឍន៍ជាតិ"),
    ("neutral facilitator", "អ្នកសម្របសម្រួលអព្យាក្រឹត"), ("indicators", "សូចនាករ"), ("field visit", "ការចុះពិនិត្យមូលដ្ឋាន"),
    ("quarterly meetings", "កិច្ចប្រជុំប្រចាំត្រីមាស"), ("reporting calendar", "ប្រតិទិនរាយការណ៍"),
    ("capacity development plan", "ផែនការអភិវឌ្ឍសមត្ថភាព"), ("health information system", "ប្រព័ន្ធព័ត៌មានសុខាភិបាល"),
    ("private sector", "វិស័យឯកជន"), ("local NGOs", "អង្គការមិនមែនរដ្ឋាភិបាលក្នុងស្រុក"),
    ("district administration", "រដ្ឋបាលស្រុក"), ("partnering cycle", "វដ្តនៃភាពជាដៃគូ"),
    ("scoping", "ការកំណត់វិសាលភាព"), ("co-creation", "ការបង្កើតរួមគ្នា"),
]
TOOL_KINDS = ["checklist", "template", "guide", "exercise", "training module", "framework"]
TOOL_NOUNS = [("Partnership health check", "ការត្រួតពិនិត្យសុខភាពភាពជាដៃគូ"), ("Roles map", "ផែនទីតួនាទី"),
              ("Meeting design", "ការរៀបចំកិច្ចប្រជុំ"), ("Indicator workshop", "សិក្ខាសាលាសូចនាករ"),
              ("Review and revision guide", "មគ្គុទ្ទេសក៍ពិនិត្យ និងកែសម្រួល"), ("Stakeholder mapping", "ការគូសផែនទីភាគីពាក់ព័ន្ធ"),
              ("Agreement template", "គំរូកិច្ចព្រមព្រៀង"), ("Joint field visit plan", "ផែនការចុះពិនិត្យមូលដ្ឋានរួម")]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Writer:
    """Seeded text in both languages."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # English -------------------------------------------------------------------------------
    def en_sentence(self) -> str:
        r = self.rng
        slots = {k: r.choice(v) for k, v in EN_SLOTS.items()}
        slots.update(actor2=r.choice(EN_SLOTS["actor"]), verb2=r.choice(EN_SLOTS["verb"]),
                     object2=r.choice(EN_SLOTS["object"]))
        slots["Actor"] = slots["actor"][0].upper() + slots["actor"][1:]
        text = r.choice(EN_TEMPLATES).format(**slots)
        return text[0].upper() + text[1:]

    def en_markdown(self, words: int) -> str:
        """Paragraphs (and now and then a bullet list or bold words) of about ``words`` words."""
        paragraphs, count = [], 0
        while count < words - 45:  # blocks average ~90 words: stop half a block early
            if self.rng.random() < 0.15:
                items = [self.en_sentence() for _ in range(self.rng.randint(3, 5))]
                block = "\n".join(f"- {item}" for item in items)
            else:
                sentences = [self.en_sentence() for _ in range(self.rng.randint(3, 6))]
                if self.rng.random() < 0.3:
                    sentences[0] = f"**{sentences[0]}**"
                block = " ".join(sentences)
            paragraphs.append(block)
            count += len(block.split())
        return "\n\n".join(paragraphs) + "\n"

    # Khmer ---------------------------------------------------------------------------------
    def km_phrase(self) -> str:
        r = self.rng
        shape = r.choice([("verb", "noun"), ("noun", "link", "noun"), ("verb", "link", "noun"),
                          ("link", "noun"), ("noun", "noun"), ("verb", "noun", "link", "noun"), ("number", "noun")])
        return "".join(r.choice(KM_WORDS[part]) for part in shape)

    def km_sentence(self) -> tuple[str, int]:
        r = self.rng
        phrases = [self.km_phrase() for _ in range(r.randint(3, 7))]
        if r.random() < 0.3:
            phrases.insert(0, r.choice(KM_OPENERS))
        text = " ".join(phrases) + "។"
        # A phrase holds 2–4 words; counting 3.1 per phrase makes the Khmer of a section about as many
        # characters as its English, as in the project's real case study (3,914 vs 3,927 characters).
        return text, len(phrases) * 3.1

    def km_markdown(self, words: int) -> str:
        paragraphs, count = [], 0.0
        while count < words - 45:  # blocks average ~90 words: stop half a block early
            if self.rng.random() < 0.15:
                items = []
                for _ in range(self.rng.randint(3, 5)):
                    text, n = self.km_sentence()
                    items.append(f"- {text}")
                    count += n
                paragraphs.append("\n".join(items))
            else:
                sentences = []
                for _ in range(self.rng.randint(3, 6)):
                    text, n = self.km_sentence()
                    sentences.append(text)
                    count += n
                if self.rng.random() < 0.3:
                    sentences[0] = f"**{sentences[0]}**"
                paragraphs.append(" ".join(sentences))
        return nfc("\n\n".join(paragraphs) + "\n")


def _taxonomy_terms(tax_dir: Path) -> dict[str, list[str]]:
    terms = {}
    for path in sorted(tax_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        terms[data["id"]] = [t["id"] for t in data["terms"]]
    return terms


def _pick(rng: random.Random, items: list[str], low: int, high: int) -> list[str]:
    return rng.sample(items, min(len(items), rng.randint(low, high))) if items else []


def _month(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}"


def _dump(path: Path, data: dict, schema: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    path.write_text(f"# yaml-language-server: $schema=../schemas/{schema}\n{text}", encoding="utf-8")


def make_records(dest: Path, cases: int, *, seed: int = 4, tools: int | None = None, terms: int = 40) -> dict:
    """Write the records into ``dest``; returns counts and the ids of the case studies."""
    rng = random.Random(seed)
    text = Writer(rng)
    tools = max(1, cases // 10) if tools is None else tools
    terms = min(terms, len(GLOSSARY))
    source = REPO / "taxonomies" if (REPO / "taxonomies").is_dir() else REPO / "tests" / "fixtures" / "mini" / "taxonomies"
    shutil.copytree(source, dest / "taxonomies", dirs_exist_ok=True)
    tax = _taxonomy_terms(dest / "taxonomies")
    for folder in ("casestudies", "tools/files", "glossary"):
        (dest / folder).mkdir(parents=True, exist_ok=True)

    # Glossary -----------------------------------------------------------------------------
    term_ids = []
    for en, _km in GLOSSARY[:terms]:
        term_ids.append("".join(c if c.isalnum() else "-" for c in en.lower()).strip("-"))
    for (en, km), term_id in zip(GLOSSARY[:terms], term_ids):
        record = {"id": term_id, "term": {"en": en, "km": nfc(km)},
                  "definition": {"en": text.en_sentence(), "km": text.km_sentence()[0]}}
        see_also = [t for t in _pick(rng, term_ids, 0, 3) if t != term_id]
        if see_also:
            record["see_also"] = see_also
        record["translation"] = {"en": "reviewed", "km": "draft"}
        _dump(dest / "glossary" / f"{term_id}.yml", record, "term.schema.json")

    # Tools --------------------------------------------------------------------------------
    tool_ids = []
    for i in range(tools):
        noun_en, noun_km = TOOL_NOUNS[i % len(TOOL_NOUNS)]
        topic_en, topic_km = TOPICS[(i // len(TOOL_NOUNS)) % len(TOPICS)]
        tool_id = f"{noun_en.lower().replace(' ', '-')}-{topic_en.replace(' ', '-')}-{i:04d}"
        tool_ids.append(tool_id)
        record = {
            "id": tool_id, "status": "published",
            "title": {"en": f"{noun_en} for {topic_en} ({i + 1})", "km": nfc(f"{noun_km}សម្រាប់{topic_km} ({i + 1})")},
            "summary": {"en": " ".join(text.en_sentence() for _ in range(2)),
                        "km": " ".join(text.km_sentence()[0] for _ in range(2))},
            "purpose": {"en": text.en_markdown(120), "km": text.km_markdown(120)},
            "when_to_use": {"en": text.en_sentence(), "km": text.km_sentence()[0]},
            "stages": _pick(rng, tax.get("stages", []), 1, 2),
        }
        if tax.get("formats"):
            record["format"] = rng.choice(tax["formats"])
        if tax.get("audiences"):
            record["audience"] = _pick(rng, tax["audiences"], 1, 3)
        record["duration"] = {"en": "Half a day", "km": "កន្លះថ្ងៃ"}
        record["steps"] = [{"en": text.en_sentence(), "km": text.km_sentence()[0]} for _ in range(5)]
        if i % 2 == 0:
            name = f"{tool_id}-en.txt"
            (dest / "tools" / "files" / name).write_text(f"{noun_en}\n\n" + text.en_markdown(150), encoding="utf-8")
            record["downloads"] = [{"file": name, "language": "en"}]
        record.update(credit={"en": "Partnership Resource Centre", "km": "មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ"},
                      licence="CC BY 4.0",
                      review={"last_reviewed": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"},
                      translation={"en": "reviewed", "km": "draft"},
                      tags=_pick(rng, TAGS, 1, 3))
        _dump(dest / "tools" / f"{tool_id}.yml", record, "tool.schema.json")

    # Case studies -------------------------------------------------------------------------
    case_ids, picks = [], []
    for i in range(cases):
        topic, province = rng.choice(TOPICS), rng.choice(EN_SLOTS["province"])
        picks.append((topic, province))
        case_ids.append(f"{topic[0].replace(' ', '-')}-{province.lower().replace(' ', '-')}-{i:04d}")
    for i, (case_id, ((topic_en, topic_km), province)) in enumerate(zip(case_ids, picks)):
        k = rng.randrange(len(EN_TITLE))
        title_en = EN_TITLE[k].format(topic=topic_en, Topic=topic_en.capitalize(), province=province) + f" ({i + 1})"
        title_km = KM_TITLE[k].format(topic=topic_km, province=PROVINCES_KM[province]) + f" ({i + 1})"
        partners = []
        for en, km, ptype in rng.sample(PARTNERS, rng.randint(2, 5)):
            partner = {"name": {"en": en, "km": nfc(km)}, "type": ptype if ptype in tax.get("partner-types", [ptype]) else tax["partner-types"][0]}
            if rng.random() < 0.7:
                role_en, role_km = rng.choice(ROLES)
                partner["role"] = {"en": role_en, "km": nfc(role_km)}
            partners.append(partner)
        start_year = rng.randint(2005, 2022)
        period = {"start": _month(rng, start_year, start_year)}
        if rng.random() < 0.8:
            period["end"] = _month(rng, start_year + 1, start_year + 4)
        scope = rng.choice(tax.get("scopes", ["national"]))
        location = {"scope": scope, "countries": ["KH"]}
        if tax.get("provinces") and scope != "national":
            location["provinces"] = _pick(rng, tax["provinces"], 1, 3)
        record = {
            "id": case_id, "status": "published",
            "title": {"en": title_en, "km": nfc(title_km)},
            "summary": {"en": " ".join(text.en_sentence() for _ in range(2)),
                        "km": " ".join(text.km_sentence()[0] for _ in range(2))},
            "twgs": _pick(rng, tax.get("twgs", []), 1, 2),
            "partners": partners,
            "location": location,
            "period": period,
            "principles": _pick(rng, tax.get("principles", []), 1, 4),
            "stages": _pick(rng, tax.get("stages", []), 1, 3),
            "sections": {name: {"en": text.en_markdown(words), "km": text.km_markdown(words)}
                         for name, words in SECTION_WORDS.items()},
            "success_factors": [{"en": en, "km": nfc(km)} for en, km in rng.sample(SUCCESS, rng.randint(1, 3))],
            "tools_used": _pick(rng, tool_ids, 0, 3),
            "related": [c for c in _pick(rng, case_ids, 0, 4) if c != case_id],
            "sources": [{"title": f"{topic_en.capitalize()} sector review {start_year + j}",
                         "url": f"https://example.org/reports/{case_id}-{j}.pdf",
                         "publisher": rng.choice(PARTNERS)[0], "year": start_year + j}
                        for j in range(rng.randint(1, 3))],
            "tags": _pick(rng, TAGS, 1, 4),
            "review": {"last_reviewed": f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"},
            "translation": {"en": "reviewed", "km": "draft"},
        }
        last = record["review"]["last_reviewed"]
        record["review"]["next_review"] = f"{int(last[:4]) + 1}{last[4:]}"
        for key in ("twgs", "principles", "stages", "tools_used", "related"):
            if not record[key]:
                del record[key]
        _dump(dest / "casestudies" / f"{case_id}.yml", record, "case-study.schema.json")
    return {"cases": cases, "tools": tools, "terms": terms, "case_ids": case_ids, "tool_ids": tool_ids}


def make_site(dest: Path) -> None:
    """Make ``dest`` buildable: the repository's hand-written docs/ and its mkdocs.yml."""
    docs = REPO / "docs"
    try:  # pages the generator wrote into docs/ (its manifest) are not hand-written: leave them out
        owned = set(json.loads((docs / GENERATED_DOCS[-1]).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        owned = set()
    folders = shutil.ignore_patterns(*GENERATED_DOCS)

    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).relative_to(docs)
        return set(folders(folder, names)) | {n for n in names if (rel / n).as_posix() in owned}

    shutil.copytree(docs, dest / "docs", dirs_exist_ok=True, ignore=ignore)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="project folder to write (created if missing)")
    parser.add_argument("--cases", type=int, default=100, help="number of case studies (default 100)")
    parser.add_argument("--tools", type=int, default=None, help="number of tools (default cases/10)")
    parser.add_argument("--terms", type=int, default=40, help="number of glossary terms (default 40, at most 40)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--site", action="store_true", help="also copy docs/ and mkdocs.yml so mkdocs build runs there")
    args = parser.parse_args(argv)
    args.dest.mkdir(parents=True, exist_ok=True)
    made = make_records(args.dest, args.cases, seed=args.seed, tools=args.tools, terms=args.terms)
    if args.site:
        make_site(args.dest)
    print(f"{made['cases']} case studies, {made['tools']} tools, {made['terms']} glossary terms in {args.dest}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
