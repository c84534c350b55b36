"""Training modules and events (issue #18): validation against a given date, the Status page, the
pages and packs, the iCalendar files read back with the icalendar parser, search in both languages,
and the events page on a phone in both languages (axe)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bad_records_lib import HERE, install_case, validate_messages
from conftest import REPO, wait_until
from icalendar import Calendar

from resource_centre.cli import main
from resource_centre.contribute.report import build_report, report_markdown
from resource_centre.records.events import start_of
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas
from resource_centre.site.eventpages import events_page, split
from resource_centre.site.ical import STATUS, calendar_files, event_uid
from resource_centre.site.render import Ctx
from resource_centre.site.trainings import pack_page, plan_trainings

WARNINGS = yaml.safe_load((HERE / "bad_records" / "warnings.yml").read_text(encoding="utf-8"))
TODAY = "2026-12-02"  # the date the bundled events are dated against: some held, some to come


@pytest.fixture(scope="module")
def bundled():
    project = open_project(REPO)
    content, problems = project.load(TODAY)
    assert not problems.sorted() and not problems.sorted_warnings()
    return project, content


# --- validation and the Status page -------------------------------------------------------

@pytest.mark.parametrize("case", WARNINGS, ids=[c["name"] for c in WARNINGS])
def test_a_warning_case_prints_its_exact_warning_and_still_passes(case, tmp_path):
    code, lines, stderr = validate_messages(install_case(tmp_path / "p", case))
    assert code == 0
    assert lines == case["expect"]
    assert "1 warning(s)" in stderr


def test_a_planned_event_is_past_only_after_the_date_given(tmp_path, capsys):
    project = install_case(tmp_path / "p", {"target": "events/bad.yml", "file": "event-past-planned.yml"})
    assert main(["--root", str(project), "validate", "--today", "2020-01-20"]) == 0  # the day it ends: not past
    assert "warning" not in capsys.readouterr().out
    assert main(["--root", str(project), "validate", "--today", "2020-01-21"]) == 0
    assert "events/bad.yml:10:9: warning: status: the event ended on 2020-01-20" in capsys.readouterr().out
    assert main(["--root", str(project), "validate", "--today", "2020-13-01"]) == 2


def test_the_bundled_events_are_clean_on_their_date_and_would_warn_once_past(bundled):
    project, _ = bundled
    _, later = project.load("2027-06-01")
    warned = {p.file for p in later.sorted_warnings() if "still planned" in p.message}
    assert warned == {"events/review-and-revision-2027-02-kampong-thom.yml", "events/twg-retreat-2027-03-kampot.yml"}


def test_the_status_report_lists_past_events_still_planned(bundled):
    project, content = bundled
    schemas = load_schemas(str(project.schemas_dir))
    assert build_report(content, project.languages.codes, schemas, TODAY).past_events == []
    later = build_report(content, project.languages.codes, schemas, "2027-02-18")
    assert [(i.id, i.date) for i in later.past_events] == [("review-and-revision-2027-02-kampong-thom", "2027-02-17")]
    for lang in project.languages.codes:
        page = report_markdown(content, project.languages, lang, "2027-02-18", schemas)
        section = page.split("{ #past-events }", 1)[1].split("\n## ", 1)[0]
        assert "events/review-and-revision-2027-02-kampong-thom.yml" in section
        assert "events/twg-retreat-2027-03-kampot.yml" not in section


# --- pages and packs -----------------------------------------------------------------------

def test_bundled_modules_are_drawn_from_the_seed_and_marked_illustrative(bundled):
    _, content = bundled
    assert len(content.trainings) >= 4
    assert all(m.get("illustrative") for m in content.trainings.values())
    statuses = {e.get("status") for e in content.events.values()}
    assert {"held", "planned"} <= statuses


def test_upcoming_events_come_first_and_past_ones_after(bundled):
    project, content = bundled
    upcoming, past = split(list(content.events.values()), TODAY)
    assert [e.get("start") for e in upcoming] == sorted(e.get("start") for e in upcoming)
    assert [e.get("start") for e in past] == sorted((e.get("start") for e in past), reverse=True)
    assert all(start_of(e).date().isoformat() >= TODAY for e in upcoming)
    text = events_page(Ctx(content, project.languages, "en"), TODAY)
    first_past = min(text.index(e.id) for e in past)
    assert all(text.index(e.id) < first_past for e in upcoming)
    assert 'name="module"' in text and 'name="languages"' in text and 'name="provinces"' in text


def test_packs_hold_the_agenda_the_tools_text_and_notes_only_for_the_facilitator(bundled):
    project, content = bundled
    module = content.trainings["partnering-basics-for-twg-secretariats"]
    notes = module.get("agenda")[0]["facilitator_notes"]
    for lang in project.languages.codes:
        note = notes[lang]
        ctx = Ctx(content, project.languages, lang)
        facilitator, handout = pack_page(ctx, module, "facilitator"), pack_page(ctx, module, "handout")
        for pack in (facilitator, handout):
            assert project.languages.digits(lang, "08:30") in pack
            step = content.tools["roles-and-responsibilities-map"].get("steps")[0]
            assert (step.get(lang) or step["en"]).split()[0] in pack  # the used tool's steps
        assert note in facilitator and note not in handout
    assert "Content-Security-Policy" in facilitator


def test_tools_and_case_studies_link_back_to_the_modules_that_use_them(bundled):
    from resource_centre.site.record_pages import case_study_page, tool_page

    project, content = bundled
    ctx = Ctx(content, project.languages, "en")
    tool = tool_page(ctx, content.tools["roles-and-responsibilities-map"])
    assert "trainings/partnering-basics-for-twg-secretariats.md" in tool
    assert "trainings/reviewing-and-revising-a-partnership.md" in tool
    case = case_study_page(Ctx(content, project.languages, "km"), content.case_studies["twg-strategic-meeting-2009"])
    assert "trainings/running-a-strategic-meeting.md" in case
    unused = tool_page(ctx, content.tools["inception-interview-guide"])
    assert "used-in-trainings" not in unused


def test_every_module_and_event_has_its_pages_in_every_language(bundled):
    project, content = bundled
    paths = {(p.lang, p.path) for p in plan_trainings(content, project.languages, today=TODAY)}
    for lang in project.languages.codes:
        assert (lang, "events/index.md") in paths and (lang, "trainings/index.md") in paths
        for module in content.trainings:
            assert {(lang, f"trainings/{module}.md"), (lang, f"trainings/{module}-facilitator.html"),
                    (lang, f"trainings/{module}-handout.html")} <= paths
        assert {(lang, f"events/{e}.md") for e in content.events} <= paths


# --- iCalendar -----------------------------------------------------------------------------

def test_the_calendar_feeds_read_back_match_the_records(bundled):
    project, content = bundled
    languages = project.languages
    files = calendar_files(content, languages, site_name="Resource centre", site_url="https://example.org/rc/")
    for lang in languages.codes:
        prefix = "" if lang == languages.default else f"{lang}/"
        feed = Calendar.from_ical(files[f"{prefix}events/calendar.ics"])
        assert str(feed["VERSION"]) == "2.0" and feed["PRODID"]
        zones = [z for z in feed.walk("VTIMEZONE")]
        assert [str(z["TZID"]) for z in zones] == ["Asia/Phnom_Penh"]
        events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
        assert set(events) == {event_uid(r, lang) for r in content.events.values()}
        for record in content.events.values():
            event = events[event_uid(record, lang)]
            start = event["DTSTART"]
            assert start.params["TZID"] == "Asia/Phnom_Penh"
            assert start.dt.strftime("%Y-%m-%dT%H:%M") == record.get("start")
            assert str(start.dt.tzinfo) == "Asia/Phnom_Penh" and start.dt.utcoffset().total_seconds() == 7 * 3600
            assert event["DTEND"].dt.strftime("%Y-%m-%dT%H:%M") == record.get("end")
            assert str(event["SUMMARY"]) == record.get("title")[lang]
            assert str(event["STATUS"]) == STATUS[record.get("status")]
            assert str(event["URL"]) == f"https://example.org/rc/{prefix}events/{record.id}/"
            own = Calendar.from_ical(files[f"{prefix}events/{record.id}.ics"])
            assert [str(e["UID"]) for e in own.walk("VEVENT")] == [event_uid(record, lang)]
    cancelled = [e for e in content.events.values() if e.get("status") == "cancelled"]
    assert cancelled and all(STATUS["cancelled"] == "CANCELLED" for _ in cancelled)


def test_a_calendar_without_the_sites_address_leaves_the_url_out(bundled):
    project, content = bundled
    files = calendar_files(content, project.languages, site_name="Resource centre", site_url="")
    feed = Calendar.from_ical(files["events/calendar.ics"])
    assert all("URL" not in e for e in feed.walk("VEVENT"))


# --- the built site: search and the events page on a phone -------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The bundled records built with ``mkdocs build --strict`` in a copy of the project."""
    project = tmp_path_factory.mktemp("trainings") / "p"
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "__pycache__", ".pytest_cache")
    shutil.copytree(REPO, project, ignore=ignore, symlinks=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.org/rc/")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_the_built_site_has_the_feeds_packs_and_pages(site):
    for prefix in ("", "km/"):
        assert Calendar.from_ical((site / prefix / "events/calendar.ics").read_bytes()).walk("VEVENT")
        assert (site / prefix / "trainings/partnership-health-check-handout.html").is_file()
        page = (site / prefix / "events/index.html").read_text(encoding="utf-8")
        assert 'href="calendar.ics"' in page
        event = (site / prefix / "events/twg-retreat-2027-03-kampot/index.html").read_text(encoding="utf-8")
        assert 'href="../twg-retreat-2027-03-kampot.ics"' in event
    assert (site / "data/events.csv").is_file() and (site / "data/trainings.km.json").is_file()


def test_search_finds_modules_and_events_in_both_languages(site, browser):
    from test_search_bundled import bench

    queries = [
        {"q": "secretariats", "lang": "en", "expect": "trainings/partnering-basics-for-twg-secretariats/"},
        {"q": "role play", "lang": "en", "expect": "trainings/partnership-health-check/"},
        {"q": "retreat", "lang": "en", "expect": "events/twg-retreat-2027-03-kampot/"},
        {"q": "លេខាធិការដ្ឋាន", "lang": "km", "expect": "km/trainings/partnering-basics-for-twg-secretariats/"},
        {"q": "ការត្រួតពិនិត្យសុខភាព", "lang": "km", "expect": "km/trainings/partnership-health-check/"},
        {"q": "កំពត", "lang": "km", "expect": "km/events/twg-retreat-2027-03-kampot/"},
    ]
    report = bench.run(site, queries, file_mode=False, browser=browser)
    missed = [(r.q, r.found) for r in report.results if not r.ok]
    assert not missed and not report.errors


@pytest.mark.parametrize("lang", ["", "km/"])
def test_the_events_page_on_a_phone_filters_and_has_no_serious_axe_violation(browser, serve, site, lang):
    from test_accessibility import run_axe

    url = serve(site)
    context = browser.new_context(viewport={"width": 375, "height": 740}, bypass_csp=True)  # axe is injected
    page = context.new_page()
    try:
        page.goto(url + lang + "events/")
        page.wait_for_selector(".rc-explorer__filters:not([hidden])")
        cards = page.locator(".rc-card")
        assert cards.count() == len(list((REPO / "events").glob("*.yml")))
        assert run_axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.locator(".rc-explorer__facets > summary").click()
        page.check("input[name=provinces][value=siem-reap]")
        wait_until(page, "location.search.includes('provinces=siem-reap')")
        assert page.locator(".rc-card:visible").count() == 2
        page.check("input[name=module][value=partnering-basics-for-twg-secretariats]")
        wait_until(page, "document.querySelectorAll('.rc-card:not([hidden])').length === 1")
        page.uncheck("input[name=provinces][value=siem-reap]")
        page.uncheck("input[name=module][value=partnering-basics-for-twg-secretariats]")
        page.check("input[name=languages][value=en]")
        wait_until(page, "document.querySelectorAll('.rc-card:not([hidden])').length === 2")
        assert page.locator(".rc-card", has_text="Kampot" if not lang else "កំពត").count() == 1
        page.goto(url + lang + "events/partnering-basics-2026-10-phnom-penh/")
        assert run_axe(page) == []
        page.goto(url + lang + "trainings/partnering-basics-for-twg-secretariats/")
        assert run_axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()


def test_module_event_and_pack_pages_are_valid_html(site):
    from test_html_validity import check, materials, where

    files = [site / prefix / path for prefix in ("", "km/") for path in (
        "trainings/index.html", "trainings/partnering-basics-for-twg-secretariats/index.html",
        "trainings/partnering-basics-for-twg-secretariats-facilitator.html",
        "trainings/partnership-health-check-handout.html", "events/index.html",
        "events/partnering-basics-2026-10-phnom-penh/index.html", "events/twg-retreat-2027-03-kampot/index.html")]
    ours = [where(site, m) for m in check(files) if not materials(m)]
    assert not ours, "\n".join(ours)


def test_past_from_is_the_midnight_after_the_last_day_in_the_events_zone(bundled):
    from datetime import timedelta

    from resource_centre.records.events import is_past, past_from

    _, content = bundled
    for record in content.events.values():
        moment = past_from(record)
        assert (moment.hour, moment.minute, moment.utcoffset()) == (0, 0, start_of(record).utcoffset())
        assert not is_past(record, (moment - timedelta(days=1)).date().isoformat())
        assert is_past(record, moment.date().isoformat())


@pytest.mark.parametrize("lang", ["", "km/"])
def test_an_event_that_ended_after_the_build_shows_as_past_on_the_readers_day(browser, serve, site, lang):
    """The site is dated before the Siem Reap training of January 2027, so the page lists it as
    upcoming; read in February 2027, it is listed as past, at the head of the past events, and its
    page no longer says how to register."""
    import re

    url = serve(site)
    built = re.findall(r'<article class="rc-card rc-event[^"]*" data-id="([^"]+)"',
                       (site / lang / "events/index.html").read_text(encoding="utf-8"))
    ended = "partnering-basics-2027-01-siem-reap"
    still = ["review-and-revision-2027-02-kampong-thom", "twg-retreat-2027-03-kampot"]
    assert built[:3] == [ended] + still  # upcoming when built, soonest first
    words = yaml.safe_load((REPO / "locales" / f"{lang.strip('/') or 'en'}.yml").read_text(encoding="utf-8"))
    context = browser.new_context(viewport={"width": 375, "height": 740})
    context.clock.set_fixed_time("2027-02-01T10:00:00+07:00")
    page = context.new_page()
    try:
        page.goto(url + lang + "events/")
        page.wait_for_selector(".rc-explorer__filters:not([hidden])")
        shown = page.evaluate("[...document.querySelectorAll('#rc-results > .rc-card')].map(c => "
                              "[c.dataset.id, c.querySelector('.rc-event__when').textContent])")
        assert shown == ([[i, words["events_upcoming"]] for i in still]
                         + [[i, words["events_past"]] for i in [ended] + built[3:]])
        registration = page.locator("dt", has_text=words["event_registration"])
        page.goto(url + lang + f"events/{ended}/")
        assert page.locator(".rc-event-ended").is_visible() and not registration.is_visible()
        page.goto(url + lang + "events/twg-retreat-2027-03-kampot/")  # still ahead in February
        assert registration.is_visible() and not page.locator(".rc-event-ended").is_visible()
    finally:
        context.close()
