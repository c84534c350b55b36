"""Assessments on a tool's page (issue #17): the record, the printable questionnaire, and the
participant's and facilitator's tools in a real browser, over http and from the offline edition.

The browser scenario: three participants in two groups answer; the facilitator collects two by
code and one by file; the comparison's averages and agenda order are computed here by hand; a
corrupted code and a malformed file change nothing; two rounds are saved, exported (JSON and CSV),
cleared and imported back; axe finds nothing serious in each state.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, make_project, wait_until

from resource_centre.records.project import open_project

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

TOOL = """\
id: team-check
status: published
title: {en: Team check, km: ការត្រួតពិនិត្យក្រុម}
summary: {en: Three questions for a team., km: សំណួរបីសម្រាប់ក្រុម។}
assessment:
  code: TC1
  scale:
    - {value: 1, label: {en: not at all, km: មិនសោះ}}
    - {value: 2, label: {en: a little, km: បន្តិចបន្តួច}}
    - {value: 3, label: {en: mostly, km: ភាគច្រើន}}
    - {value: 4, label: {en: fully, km: ពេញលេញ}}
  themes:
    - principle: shared-goal
      questions:
        - id: goal
          text: {en: Do we share a goal?, km: តើយើងមានគោលដៅរួមទេ?}
          guidance: {en: "A 4: everyone can *say* it."}
        - id: values
          text: {en: Did we agree on values?, km: តើយើងបានព្រមព្រៀងលើគុណតម្លៃទេ?}
    - title: {en: Working together, km: ការធ្វើការរួមគ្នា}
      questions:
        - id: meetings
          text: {en: Are meetings useful?}
  prompts:
    - {en: One example for your score, km: ឧទាហរណ៍មួយ}
review: {last_reviewed: 2026-11-01}
translation: {en: reviewed, km: draft}
"""
QUESTIONS = ("goal", "values", "meetings")
# Three participants: two of government, one development partner.
PEOPLE = [("government", (4, 3, 2)), ("government", (2, 3, 4)), ("development-partner", (1, 3, 4))]
# By hand: goal 3.0 vs 1.0 (difference 2.0), meetings 3.0 vs 4.0 (1.0), values 3.0 vs 3.0 (0.0).
AGENDA = ["goal", "meetings", "values"]
GOAL_ROW = {"government": "3.0 (2 – 4)", "development-partner": "1.0 (1 – 1)", "all": "2.3 (1 – 4)", "diff": "2.0"}
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def project_with_assessment(dest: Path) -> Path:
    project = make_project(dest)
    (project / "tools" / "team-check.yml").write_text(TOOL, encoding="utf-8")
    return project


# The record and the printable questionnaire ---------------------------------------------------

def test_the_bad_assessment_cases_are_in_the_golden_corpus():
    """Their exact messages are held by tests/test_bad_records.py (file:line:col, golden)."""
    cases = {c["name"]: c for c in yaml.safe_load((REPO / "tests" / "bad_records" / "cases.yml").read_text())}
    assert cases["assessment-question-no-text"]["expect"] == [
        "tools/bad.yml:15:17: assessment.themes[0].questions[0].text: needs text in at least one language (e.g. `en: ...`)"]
    assert cases["assessment-scale-one-point"]["expect"] == ["tools/bad.yml:9:5: assessment.scale: needs at least 2 item(s)"]
    assert cases["assessment-unknown-principle"]["expect"] == [
        "tools/bad.yml:11:24: assessment.groups[1]: 'developmnet-partner' is not a term of the partner-types taxonomy (did you mean 'development-partner'?)",
        "tools/bad.yml:13:18: assessment.themes[0].principle: 'shared-goals' is not a term of the principles taxonomy (did you mean 'shared-goal'?)"]
    assert cases["assessment-duplicate-question"]["expect"] == [
        "tools/bad.yml:10:15: assessment.scale[1].value: 1 is used twice (first on line 9) (give every point of the scale its own value)",
        "tools/bad.yml:15:7: assessment.themes[1]: has neither a principle nor a title (add `principle:` (an id from taxonomies/principles.yml) or `title:`)",
        "tools/bad.yml:16:16: assessment.themes[1].questions[0].id: 'goal' is used twice (first on line 14) (every question needs its own id)"]


def test_the_bundled_assessments_are_valid_and_khmer_is_marked_draft():
    content, problems = open_project(REPO).load()
    assert not problems
    for tool in ("partnership-principles-health-check", "twg-effectiveness-self-assessment"):
        record = content.tools[tool]
        block = record.get("assessment")
        questions = [q for theme in block["themes"] for q in theme["questions"]]
        assert all(q["text"].get("en") and q["text"].get("km") for q in questions), tool
        assert record.get("translation")["km"] == "draft", tool
    principles = [t["principle"] for t in content.tools["partnership-principles-health-check"].get("assessment")["themes"]]
    assert principles == ["shared-goal", "co-creation", "inclusive-transparent", "deepening-engagement", "review-and-revision"]


QUESTIONNAIRE_EN = """\
## Fill in, collect and compare { #assessment }

<section class="rc-assess" aria-labelledby="assessment">
<p class="rc-assess__intro">Each participant answers every question on their own, then the facilitator puts the answers of the groups side by side. Pick your group, not your name.</p>
<p class="rc-assess__private rc-notice" role="note">Nothing you enter here leaves this device unless you export it or copy your code. Saved rounds stay in this browser only.</p>
<p class="rc-assess__nojs">Print this page and tick one box per question; the facilitator adds the paper answers on this page later.</p>
<form id="rc-assess-form" class="rc-assess__form" novalidate>
<fieldset class="rc-assess__group"><legend>Your group</legend>
<label class="rc-assess__choice"><input type="radio" name="group" value="government"> <span>Government</span></label>
<label class="rc-assess__choice"><input type="radio" name="group" value="development-partner"> <span>Development partner</span></label>
</fieldset>
<fieldset class="rc-assess__theme"><legend>Shared goal</legend>
<fieldset class="rc-assess__question" id="rc-q-goal" aria-describedby="rc-qg-goal"><legend><span class="rc-assess__number">Question 1</span> <span>Do we share a goal?</span></legend>
<div class="rc-assess__scale">
<label class="rc-assess__point"><input type="radio" name="q-goal" value="1"> <span class="rc-assess__value">1</span> <span>not at all</span></label>
<label class="rc-assess__point"><input type="radio" name="q-goal" value="2"> <span class="rc-assess__value">2</span> <span>a little</span></label>
<label class="rc-assess__point"><input type="radio" name="q-goal" value="3"> <span class="rc-assess__value">3</span> <span>mostly</span></label>
<label class="rc-assess__point"><input type="radio" name="q-goal" value="4"> <span class="rc-assess__value">4</span> <span>fully</span></label>
</div>
<div class="rc-assess__guidance" id="rc-qg-goal"><p>A 4: everyone can <em>say</em> it.</p></div>
</fieldset>
"""


def test_the_questionnaire_without_javascript_is_a_form_to_print(tmp_path):
    """Golden: the start of the English questionnaire (group, theme, a question with its scale and
    guidance); the Khmer one writes its numbers in Khmer digits and marks English fallbacks."""
    from resource_centre.site.assessment import assessment_html
    from resource_centre.site.render import Ctx
    project = open_project(project_with_assessment(tmp_path / "p"))
    content, problems = project.load()
    assert not problems
    record = content.tools["team-check"]
    english = assessment_html(Ctx(content, project.languages, "en"), record)
    assert english.startswith(QUESTIONNAIRE_EN), english[:3000]
    assert "\n\n" not in english.split("\n\n", 1)[1], "a blank line would end Markdown's HTML block"
    khmer = assessment_html(Ctx(content, project.languages, "km"), record)
    assert '<span class="rc-assess__number">សំណួរទី ៣</span> <span lang="en">Are meetings useful?</span>' in khmer
    assert '<span class="rc-assess__value">៤</span> <span>ពេញលេញ</span>' in khmer
    data = json.loads(re.search(r'<script type="application/json" id="rc-assessment-data">(.*?)</script>', khmer).group(1))
    assert data["digits"] == "០១២៣៤៥៦៧៨៩" and data["code"] == "TC1"
    assert [g["id"] for g in data["groups"]] == ["government", "development-partner"]
    assert [[q["id"] for q in t["questions"]] for t in data["themes"]] == [["goal", "values"], ["meetings"]]


# In the browser ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The project built for the web and as the offline edition."""
    out = {}
    for name, env in (("web", {}), ("offline", {"OFFLINE": "true"})):
        project = project_with_assessment(tmp_path_factory.mktemp("assess-" + name) / "project")
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                                text=True, timeout=600, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env))
        assert result.returncode == 0, result.stderr
        out[name] = project / "site"
    return out


def run_axe(page, state: str) -> None:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('.rc-assess').parentNode, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    assert found == [], state


def d(text: str, lang: str) -> str:
    return text.translate(KHMER_DIGITS) if lang == "km" else text


def answer(page, group: str, scores: tuple[int, ...]) -> None:
    page.check(f"input[name=group][value={group}]")
    for question, score in zip(QUESTIONS, scores):
        page.check(f"input[name=q-{question}][value='{score}']")
    page.click(".rc-assess__mine > button")


def participant(context, url: str, group: str, scores: tuple[int, ...], tmp: Path, lang: str, axe: bool) -> tuple[str, Path]:
    """One participant on their own device: answers, reads their scores, keeps the code and a file."""
    page = context.new_page()
    page.goto(url)
    page.click(".rc-assess__mine > button")  # nothing answered yet: a clear message, no code
    assert page.locator(".rc-assess__mine [role=alert]").inner_text().strip()
    assert page.locator(".rc-assess__code").count() == 0
    answer(page, group, scores)
    code = page.locator(".rc-assess__code").inner_text()
    assert re.fullmatch(r"TC1-[AB]-[0-9A-Z]+-[0-9A-Z]", code), code
    own = page.locator(".rc-assess__own tbody tr td").all_inner_texts()
    assert own[0] == d(f"{(scores[0] + scores[1]) / 2:.1f}", lang)
    if axe:
        run_axe(page, "own scores")
    with page.expect_download() as info:
        page.click(".rc-assess__actions button:nth-child(2)")
    path = tmp / f"{len(list(tmp.iterdir()))}-{info.value.suggested_filename}"
    info.value.save_as(path)
    page.close()
    return code, path


CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def typo_variants(code: str) -> list[str]:
    """Each character after the questionnaire's code replaced by every other one, and each two
    neighbours swapped (but 0 and Z, the one pair a Luhn mod 32 check cannot tell apart)."""
    prefix, rest = code[:4], code[4:]
    out = set()
    for i, ch in enumerate(rest):
        if ch == "-":
            continue
        out.update(prefix + rest[:i] + other + rest[i + 1:] for other in CROCKFORD if other != ch)
        j = i + 1 if i + 1 < len(rest) and rest[i + 1] != "-" else None
        if j and {ch, rest[j]} != {"0", "Z"} and ch != rest[j]:
            out.add(prefix + rest[:i] + rest[j] + ch + rest[j + 1:])
    return sorted(out)


def agenda(page) -> list[list[str]]:
    return [row.locator("th, td").all_inner_texts() for row in page.locator(".rc-assess__app .rc-assess__agenda tbody tr").all()]


def participants(page) -> int:
    return page.locator(".rc-assess__participants tbody tr").count()


def scenario(browser, base: str, lang: str, tmp: Path, *, axe: bool) -> None:
    prefix = "" if lang == "en" else lang + "/"
    page_name = "tools/team-check/" if base.startswith("http") else "tools/team-check.html"
    url = base + prefix + page_name
    hosts: list[str] = []
    context = browser.new_context(bypass_csp=axe, viewport={"width": 375, "height": 740})
    errors: list[str] = []
    context.on("request", lambda r: hosts.append(r.url))
    codes, files = [], []
    for group, scores in PEOPLE:
        code, path = participant(context, url, group, scores, tmp, lang, axe)
        codes.append(code)
        files.append(path)
    context.close()

    context = browser.new_context(bypass_csp=axe, viewport={"width": 1280, "height": 800})
    context.on("request", lambda r: hosts.append(r.url))
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(url)
    if axe:
        run_axe(page, "empty")
    message = page.locator(".rc-assess__app section:first-of-type [role=alert]")
    # Two by code, one by file.
    page.fill(".rc-assess__codes", f"{codes[0]}\n{codes[1].lower()}")
    page.click(".rc-assess__codes + p button")
    page.set_input_files(".rc-assess__app input[type=file]", str(files[2]))
    wait_until(page, "document.querySelectorAll('.rc-assess__participants tbody tr').length === 3")
    rows = agenda(page)
    assert [r[1] for r in rows] == ["Do we share a goal?", "Are meetings useful?", "Did we agree on values?"] if lang == "en" \
        else rows[0][1] == "តើយើងមានគោលដៅរួមទេ?"
    assert rows[0][2:] == [d(GOAL_ROW[k], lang) for k in ("government", "development-partner", "all", "diff")]
    assert [r[-1] for r in rows] == [d(x, lang) for x in ("2.0", "1.0", "0.0")]
    assert page.locator(".rc-assess__app svg.rc-assess__chart rect.rc-assess__bar").count() == 2 + 3 * 2
    if axe:
        run_axe(page, "comparison")
    # A corrupted code (one character changed) and a malformed file: a message, nothing changes.
    bad = codes[0][:-3] + ("1" if codes[0][-3] != "1" else "2") + codes[0][-2:]
    page.fill(".rc-assess__codes", bad)
    page.click(".rc-assess__codes + p button")
    assert bad in message.inner_text() and participants(page) == 3
    assert (d("check character", lang) if lang == "en" else "តួអក្សរត្រួតពិនិត្យ") in message.inner_text()
    # Every one-character typo of a code, and every swap of two neighbours, is refused.
    typos = typo_variants(codes[0])
    page.fill(".rc-assess__codes", "\n".join(typos))
    page.click(".rc-assess__codes + p button")
    assert message.locator("p").count() == len(typos) + 1 and participants(page) == 3
    page.set_input_files(".rc-assess__app input[type=file]",
                         files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b"{not json"}])
    wait_until(page, "document.querySelector('.rc-assess__message--error') && "
                     "document.querySelector('.rc-assess__message--error').textContent.includes('broken.json')")
    assert participants(page) == 3 and len(agenda(page)) == 3
    # Round 1, then round 2 from a paper form, then the trend shows both.
    page.fill(".rc-assess__app input[type=text]", "Health TWG")
    page.fill(".rc-assess__app input[type=date]", "2026-01-15")
    page.click(".rc-assess__app section:nth-of-type(3) .md-button--primary")
    page.click(".rc-assess__participants + p button, .rc-assess__list > p button")
    assert participants(page) == 0
    selects = page.locator(".rc-assess__paper select")
    selects.nth(0).select_option("development-partner")
    for i, value in enumerate(("4", "4", "4")):
        selects.nth(i + 1).select_option(value)
    page.click(".rc-assess__paper button")
    assert participants(page) == 1
    page.fill(".rc-assess__app input[type=date]", "2026-07-15")
    page.click(".rc-assess__app section:nth-of-type(3) .md-button--primary")
    trend = page.locator(".rc-assess__trend")
    assert trend.locator("thead th").all_inner_texts()[1:] == [d("2026-01-15", lang), d("2026-07-15", lang)]
    assert trend.locator("tbody tr").first.locator("td").all_inner_texts() == [d("2.7", lang), d("4.0", lang)]
    assert page.locator(".rc-assess__round-bar").count() == 2 * 2
    if axe:
        run_axe(page, "rounds")
    # Export both ways, clear the storage, import: the rounds come back.
    with page.expect_download() as info:
        page.click(".rc-assess__app section:nth-of-type(3) .rc-assess__actions button:nth-child(1)")
    exported_json = tmp / "rounds.json"
    info.value.save_as(exported_json)
    with page.expect_download() as info:
        page.click(".rc-assess__app section:nth-of-type(3) .rc-assess__actions button:nth-child(2)")
    exported_csv = tmp / "rounds.csv"
    info.value.save_as(exported_csv)
    assert exported_csv.read_bytes().startswith(b"\xef\xbb\xbf"), "spreadsheets need the mark to read Khmer"
    assert exported_csv.read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "partnership,date,group,goal,values,meetings", "Health TWG,2026-01-15,government,4,3,2"]
    for exported in (exported_json, exported_csv):
        page.evaluate("localStorage.clear()")
        page.reload()
        assert page.locator(".rc-assess__round").count() == 0
        page.set_input_files(".rc-assess__app input[type=file]", str(exported))
        wait_until(page, "document.querySelectorAll('.rc-assess__round').length === 2")
        assert page.locator(".rc-assess__trend tbody tr").first.locator("td").all_inner_texts() == [d("2.7", lang), d("4.0", lang)]
    # Delete one round.
    page.locator(".rc-assess__round").first.locator("button").nth(2).click()
    assert page.locator(".rc-assess__round").count() == 1
    context.close()
    # The search worker's own complaint when axe's bypassed policy changes how it starts is not ours.
    assert [e for e in errors if not (axe and e.startswith("rc-search:"))] == []
    own = base.rstrip("/")
    assert all(u.startswith(own) or u.startswith("blob:") or u.startswith("data:") for u in hosts), \
        [u for u in hosts if not u.startswith(own)]


@pytest.mark.parametrize("lang", ["en", "km"])
def test_fill_collect_compare_and_repeat_over_http(browser, sites, serve, lang, tmp_path):
    """Over http with axe (the policy is bypassed so axe can be added to the page)."""
    scenario(browser, serve(sites["web"]), lang, tmp_path, axe=True)


@pytest.mark.parametrize("lang", ["en", "km"])
def test_fill_collect_compare_and_repeat_from_the_offline_edition(browser, sites, lang, tmp_path):
    """Over file:// under the page's own Content-Security-Policy: no console error, no request elsewhere."""
    scenario(browser, sites["offline"].as_uri() + "/", lang, tmp_path, axe=False)


def test_the_script_is_loaded_only_on_pages_with_an_assessment(sites):
    site = sites["web"]
    assert "assessment.js" in (site / "tools" / "team-check" / "index.html").read_text(encoding="utf-8")
    assert "assessment.js" not in (site / "tools" / "health-check" / "index.html").read_text(encoding="utf-8")


def test_an_assessment_does_not_classify_its_tool():
    """The groups and principles of a questionnaire describe the questionnaire (x-classifies: false), so
    the tool is not listed on the 'government' or 'alignment' term pages because its check compares them."""
    from resource_centre.records.project import open_project

    content, problems = open_project(REPO).load()
    assert not problems.sorted()
    assert content.tools["partnership-principles-health-check"].get("assessment")
    listed = {tool.id for taxonomy in ("partner-types", "principles")
              for term in content.taxonomies[taxonomy].terms
              for tool in content.tagged(taxonomy, term)[1]}
    assert listed == set()
