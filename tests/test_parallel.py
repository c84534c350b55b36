"""The build's jobs on several cores (resource_centre/build/parallel.py): the same pages, in the same order,
whatever the number of workers; a job's error reaches the caller; a job run beside the build gives its result."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from resource_centre.build.generate import files_beside, generate
from resource_centre.build.pages import plan_pages, words_pages
from resource_centre.editions.opendata import open_data_files
from resource_centre.output.parallel import Later, forking_allowed, room_for_a_copy, run_jobs
from resource_centre.output.sitemap import joined
from resource_centre.output.writer import move_over
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import make_project, mkdocs  # noqa: E402

needs_fork = pytest.mark.skipif(not forking_allowed(), reason="fork is not offered here")


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


@needs_fork
def test_jobs_run_in_other_processes_and_come_back_in_order():
    jobs = [lambda i=i: _pid_and(i) for i in range(7)]
    results = run_jobs(jobs, workers=2)
    assert [value for _, value in results] == list(range(7))
    assert os.getpid() not in {pid for pid, _ in results}


def test_one_worker_runs_the_jobs_here():
    assert run_jobs([lambda: _pid_and(1), lambda: _pid_and(2)], workers=1) == [(os.getpid(), 1), (os.getpid(), 2)]


def _fails() -> None:
    raise ValueError("casestudies/x.yml: the card must open with <article>")


@needs_fork
def test_a_jobs_error_is_raised_to_the_caller():
    with pytest.raises(ValueError, match="the card must open"):
        run_jobs([lambda: 1, _fails, lambda: 3], workers=2)


@needs_fork
def test_a_job_beside_gives_its_result_or_its_error():
    later = Later(lambda: _pid_and(5))
    pid, value = later.result()
    assert value == 5 and pid != os.getpid()
    assert later.result() == (pid, 5)  # kept
    with pytest.raises(ValueError, match="the card must open"):
        Later(_fails).result()


@needs_fork
def test_a_job_beside_that_dies_says_so():
    later = Later(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        later.result()


@needs_fork
def test_a_cancelled_job_stops():
    later = Later(lambda: __import__("time").sleep(60))
    later.cancel()
    assert not later._process.is_alive()


@pytest.fixture(scope="module")
def project_content():
    project = open_project(REPO)
    content, problems = project.load()
    return project, content


@needs_fork
def test_two_workers_plan_the_same_pages_as_one(project_content):
    project, content = project_content
    schemas = load_schemas(str(project.schemas_dir))
    one = plan_pages(content, project.languages, schemas, workers=1)
    two = plan_pages(content, project.languages, schemas, workers=2)
    assert [(p.lang, p.path) for p in two] == [(p.lang, p.path) for p in one]
    assert two == one


def test_words_left_out_are_what_words_pages_makes(project_content):
    project, content = project_content
    schemas = load_schemas(str(project.schemas_dir))
    every = plan_pages(content, project.languages, schemas)
    without = plan_pages(content, project.languages, schemas, words=False)
    words = words_pages(content, project.languages)
    assert {p.path for p in words} == {"case-studies/words.js", "tools/words.js"}
    assert [p for p in every if p not in without] == words


def test_files_beside_are_the_words_and_the_open_data_by_site_path(project_content):
    project, content = project_content
    beside = files_beside(content, project.languages, site_name="RC", site_url="https://example.org/")
    opendata = open_data_files(content, project.languages, site_name="RC", site_url="https://example.org/")
    words = {p.path: p.text.encode("utf-8") for p in words_pages(content, project.languages)}
    assert beside == opendata | words  # the default language's words files, at the site root


def test_generate_without_words_stages_no_lists_words_file():
    project = open_project(REPO)
    lists = {"en/case-studies/words.js", "en/tools/words.js"}
    assert not lists & set(generate(project, drafts=False, words=False).files)
    assert lists <= set(generate(project, drafts=False).files)


@pytest.mark.parametrize(("command", "configured", "expected"), [
    ("serve", 2, 1), ("serve", 0, 1),                # the preview's server runs threads: never a fork
    ("build", 2, 2), ("build", 1, 1), ("build", 0, None),
])
def test_the_build_plans_on_every_core_and_the_preview_in_one_process(command, configured, expected):
    """README's promise, on the plugin itself: ``workers`` (0 = one per core) for `mkdocs build`, one process
    for `mkdocs serve`; the words files and open data are made beside MkDocs exactly when there are two or more."""
    from resource_centre.engine.plugin import ResourceCentrePlugin
    from resource_centre.output.parallel import available_workers

    plugin = ResourceCentrePlugin()
    errors, warnings = plugin.load_config({"workers": configured})
    assert not errors, errors
    plugin.on_startup(command=command, dirty=False)
    workers = expected if expected is not None else available_workers()
    assert plugin._workers() == workers
    assert plugin._makes_beside() == (workers > 1)


def test_move_over_puts_every_file_in_place_replacing_what_is_there_and_removes_the_source(tmp_path):
    source, target = tmp_path / "languages", tmp_path / "site"
    for rel, text in {"km/index.html": "km", "km/a/b/index.html": "deep", "404.html": "new", "assets/x.js": "x"}.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text)
    for rel, text in {"index.html": "en", "404.html": "old", "assets/x.js": "old x"}.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text)
    assert move_over(source, target) == 4
    assert not source.exists()
    found = {p.relative_to(target).as_posix(): p.read_text() for p in target.rglob("*") if p.is_file()}
    assert found == {"index.html": "en", "404.html": "new", "assets/x.js": "x", "km/index.html": "km",
                     "km/a/b/index.html": "deep"}


def test_a_second_build_is_forked_only_with_the_free_memory_for_it():
    page = os.sysconf("SC_PAGE_SIZE")
    statm = f"300000 {400 * 1024 * 1024 // page} 2000 100 0 90000 0"  # 400 MiB resident
    meminfo = "MemTotal:  2048000 kB\nMemFree:  100000 kB\nMemAvailable: {} kB\n"
    assert room_for_a_copy(meminfo.format(500 * 1024), statm)
    assert not room_for_a_copy(meminfo.format(300 * 1024), statm)
    assert room_for_a_copy("MemTotal: 1 kB\n", statm)  # a kernel that does not say: as before


SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}\n'
           '</urlset>\n')


def test_joined_sitemaps_list_the_first_ones_entries_then_the_others_as_one_template_output():
    en = "\n    <url>\n        <loc>https://x.org/</loc>\n    </url>"
    km = "\n    <url>\n        <loc>https://x.org/km/</loc>\n    </url>"
    assert joined(SITEMAP.format(en), SITEMAP.format(km)) == SITEMAP.format(en + km)
    assert joined(SITEMAP.format(""), SITEMAP.format(km)) == SITEMAP.format(km)
    assert joined(SITEMAP.format(""), SITEMAP.format("")) == SITEMAP.format("")  # no site_url: no entries


def _project_with_workers(folder: Path, workers: int) -> Path:
    project = make_project(folder)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - resource-centre\n" in text
    config.write_text(text.replace("\n  - resource-centre\n", f"\n  - resource-centre:\n      workers: {workers}\n"),
                      encoding="utf-8")
    return project


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@needs_fork
@pytest.mark.parametrize("env", [
    {"SITE_URL": "https://example.org/rc/"},  # a sitemap with entries: i18n's lists every language built
    {"OFFLINE": "true"},                      # the offline edition's pages: Material's offline plugin too
], ids=["published", "offline"])
def test_the_other_language_built_on_another_core_makes_the_same_site_byte_for_byte(tmp_path, env):
    """i18n builds Khmer after English; on two cores Khmer is built in a forked process meanwhile
    (engine/languages_apart.py). Every file of the site, its search index and the web app's lists
    (which hash the pages) included, must be the one the one-core build writes."""
    one = _project_with_workers(tmp_path / "one", 1)
    two = _project_with_workers(tmp_path / "two", 2)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        mkdocs(one, "build", "--strict")
        built = mkdocs(two, "build", "--strict", "-v")
    assert "resource-centre: building km in another process" in built.stderr  # else this compares one core with one
    assert not (two / "site.languages").exists()
    first, second = _tree(one / "site"), _tree(two / "site")
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


@needs_fork
def test_a_strict_build_fails_on_a_warning_of_the_language_built_in_another_process(tmp_path):
    """A warning only the Khmer build logs (a broken link on a Khmer page) stops a strict build as when i18n
    builds Khmer in this process: the build fails, saying so, and the last good site is kept."""
    project = _project_with_workers(tmp_path / "p", 2)
    mkdocs(project, "build", "--strict")
    before = _tree(project / "site")
    about = project / "docs" / "km" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[missing](no-such-page.md)\n", encoding="utf-8")
    failed = mkdocs(project, "build", "--strict", check=False)
    assert failed.returncode != 0
    assert "no-such-page.md" in failed.stderr
    assert "strict mode" in failed.stderr + failed.stdout
    assert _tree(project / "site") == before
    assert not (project / "site.languages").exists()
