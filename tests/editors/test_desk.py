"""The web desk (`lintas serve --desk`): Decap CMS and decap-server, for real.

One preview server with the desk runs on a small temporary portal, behind a
real nginx with one basic-auth login per reporter (deploy/nginx-desk.conf);
Debian's chromium drives the real Decap CMS bundle shipped in the package.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import LINTAS, PYTHON, ROOT, SAMPLE_NOW, write_settings

from lintas.core.frontmatter import parse_front_matter
from lintas.core.schema import ARTICLE_FIELD_SPECS
from lintas.desk import config as desk_config
from lintas.desk.locale import decap_locale, translator
from lintas.desk.server import VENDOR, Desk, story_status
from lintas.settings import read_settings

NGINX = Path("/usr/sbin/nginx")
START_TIMEOUT_S = 90
UI_TIMEOUT_MS = 15_000
ARTIFACTS = ROOT / "tests" / "artifacts"
USERS = {"sitti": ("Sitti Paputungan", "reporter"), "rahmat": ("Rahmat Mokodompit", "editor")}
PASSWORD = "rahasia-{}"
SAMPLE = """\
Title: Harga Cabai di Pasar Serasi Mulai Turun
Date: 2016-09-05 09:00
Category: Ekonomi
Tags: pasar,  harga
Author: Sitti Paputungan
Dateline: Kotamobagu
Region: Kotamobagu
Summary: Harga cabai rawit turun
    sejak awal pekan.
Status: published

Harga cabai rawit di Pasar Serasi *turun* sejak awal_pekan_ \\* dan 1. ini.

- satu
- dua
"""
SAMPLE_PATH = "articles/2016/09/harga-cabai-turun/index.md"
NEW_TITLE = "Warga Lolak Gotong Royong Bersihkan Pantai"
NEW_SLUG = "warga-lolak-gotong-royong-bersihkan-pantai"
NEW_BUNDLE = f"articles/2016/09/{NEW_SLUG}"
NEW_URL = f"/2016/09/{NEW_SLUG}/"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ssha(password: str) -> str:
    """An nginx-readable {SSHA} htpasswd entry (nginx's auth_basic supports it)."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def write_photo(path: Path, colour: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", (960, 640), colour)
    for x in range(0, 960, 40):  # some structure, so JPEG has something to keep
        image.paste((255 - colour[0], colour[1], 255 - colour[2]), (x, 0, x + 20, 640))
    image.save(path, "JPEG", quality=85)
    return path


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """`lintas serve --desk` on a small portal, nginx with basic auth in front."""
    assert NGINX.exists(), f"{NGINX} is missing: run `make system-deps`"
    folder = tmp_path_factory.mktemp("desk")
    content = folder / "content"
    sample = content / SAMPLE_PATH
    sample.parent.mkdir(parents=True)
    sample.write_text(SAMPLE, encoding="utf-8")
    (content / "pages").mkdir()
    users = {login: {"name": name, "role": role} for login, (name, role) in USERS.items()}
    settings = write_settings(folder, content, DESK_USERS=users)
    preview_port, nginx_port = free_port(), free_port()
    base = f"http://127.0.0.1:{nginx_port}"
    log_path = folder / "serve.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [LINTAS, "serve", "--desk", "--settings", settings, "--output", folder / "output",
             "--port", str(preview_port), "--site-url", base],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "LINTAS_NOW": SAMPLE_NOW},
        )  # fmt: skip
    # nginx, configured from the shipped example.
    prefix = folder / "nginx"
    (prefix / "logs").mkdir(parents=True)
    htpasswd = prefix / "htpasswd"
    htpasswd.write_text(
        "".join(f"{login}:{ssha(PASSWORD.format(login))}\n" for login in USERS), encoding="utf-8"
    )
    conf = (ROOT / "deploy" / "nginx-desk.conf").read_text(encoding="utf-8")
    conf = conf.replace("@LISTEN@", f"127.0.0.1:{nginx_port}").replace("@HTPASSWD@", str(htpasswd))
    conf = conf.replace("@PREVIEW@", f"127.0.0.1:{preview_port}")
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e",
         str(prefix / "logs" / "error.log"), "-g", directives],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert server.poll() is None, log_path.read_text(encoding="utf-8")
            assert nginx.poll() is None, nginx.stderr.read()
            try:
                if state(base, "rahmat")["build"]:
                    break
            except (OSError, ValueError):  # not listening yet; nginx's 502 page
                pass
            assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
            time.sleep(0.2)
        yield {
            "base": base,
            "direct": f"http://127.0.0.1:{preview_port}",
            "content": content,
            "settings": settings,
            "log": log_path,
            "folder": folder,
        }
    finally:
        server.terminate()
        server.wait(timeout=60)
        nginx.terminate()
        nginx.wait(timeout=30)


def auth(login: str) -> dict:
    token = base64.b64encode(f"{login}:{PASSWORD.format(login)}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def request(url: str, login: str | None = None, body: dict | None = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", **(auth(login) if login else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def state(base: str, login: str) -> dict:
    return json.loads(request(f"{base}/_pratinjau/state", login)[1])


def wait_for_build(desk: dict, before: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while state(desk["base"], "rahmat")["build"] == before:
        assert time.monotonic() < deadline, desk["log"].read_text(encoding="utf-8")
        time.sleep(0.2)


def audit(desk: dict) -> list[dict]:
    log = desk["content"] / ".audit.log"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [json.loads(line) for line in lines]


def open_desk(browser, desk: dict, login: str, width: int = 1280, height: int = 900):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        http_credentials={"username": login, "password": PASSWORD.format(login)},
    )
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(desk["base"] + "/admin/")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("＋ Berita baru").wait_for(timeout=UI_TIMEOUT_MS)
    return page


def open_story(page, desk: dict, path: str):
    entry = path.removeprefix("articles/").removesuffix(".md")
    page.goto(f"{desk['base']}/admin/#/collections/articles/entries/{entry}")
    page.get_by_label("Judul", exact=True).wait_for(timeout=UI_TIMEOUT_MS)


def save(page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Simpan sekarang").click()


def choose_react_select(page, label: str, option: str) -> None:
    page.get_by_label(label).first.click()
    page.get_by_text(option, exact=True).last.click()


def add_photo(page, index: int, file: Path, alt: str, caption: str, credit: str) -> None:
    """Fill photo ``index`` of the open photo/gallery form, uploading ``file``."""
    form = page.locator(".lintas-form")
    form.locator(f"[data-pick='{index}']").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Unggah", exact=True).click()
    chooser.value.set_files(str(file))
    # After an upload Decap selects one file of the folder, not always the new
    # one: click ours (a click on the selected card unselects it: click again).
    card = page.get_by_text(file.name, exact=True).last
    choose = page.get_by_role("button", name="Pakai yang dipilih")
    card.click()
    if choose.is_disabled():
        card.click()
    choose.click()
    form.locator("fieldset").nth(index).locator("input[name='alt']").fill(alt)
    form.locator("fieldset").nth(index).locator("input[name='caption']").fill(caption)
    form.locator("fieldset").nth(index).locator("input[name='credit']").fill(credit)


# --- without a browser ---------------------------------------------------------


def test_config_follows_the_schema_and_the_settings():
    # The regions come from the newsroom's directory (content/regions/) when it
    # has one, as for the build; changed here to see the config follow them.
    settings = read_settings(ROOT / "pelicanconf.py")
    settings["NEWSROOM_REGIONS"] = ["Lolak", "Boroko"]
    config = desk_config.decap_config(settings, translator("id"), "id")
    (articles,) = config["collections"]
    fields = {f["name"]: f for f in articles["fields"]}
    for spec in ARTICLE_FIELD_SPECS:
        key = desk_config.field_key(spec)
        assert key in fields or key in desk_config.NOT_IN_DESK, spec.name
    assert fields["category"]["options"] == settings["NEWSROOM_CATEGORIES"]
    assert fields["region"]["options"] == ["Lolak", "Boroko"]
    assert fields["author"]["options"] == list(settings["NEWSROOM_AUTHORS"])
    assert fields["status"]["default"] == "draft"
    assert fields["title"]["label"] == "Judul" and fields["title"]["required"]
    assert articles["media_folder"] == ""  # photos beside index.md
    assert articles["path"] == "{{year}}/{{month}}/{{slug}}/index"
    assert fields["body"]["widget"] == desk_config.BODY_WIDGET


def test_indonesian_locale_comes_from_the_catalog():
    locale = decap_locale("id")
    assert locale["app"]["header"]["content"] == "Berita"
    assert locale["editor"]["editorToolbar"]["publish"] == "Simpan"  # saving is not publishing
    assert decap_locale("en") == {} or "auth" in decap_locale("en")


def test_vendored_decap_is_pinned_and_packaged():
    info = json.loads((VENDOR / "VERSION.json").read_text(encoding="utf-8"))
    assert (info["name"], info["version"], info["license"]) == ("decap-cms", "3.16.3", "MIT")
    assert (VENDOR / "decap-cms.js").stat().st_size > 1_000_000
    assert (VENDOR / "decap-cms.js.LICENSE.txt").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"*.js"' in pyproject and '"*.wasm"' in pyproject


def test_story_status_is_the_builds():
    assert story_status("Title: x\n\nbody\n") == "published"  # no Status: published
    assert story_status("Title: x\nStatus: Draft\n\nbody\n") == "draft"


def test_publish_output_has_no_desk(sample_output):
    assert not (sample_output / "admin").exists()


def test_desk_answers_only_this_machine(tmp_path):
    settings = read_settings(ROOT / "pelicanconf.py", {"PATH": str(tmp_path)})
    desk = Desk(settings, ROOT / "pelicanconf.py", tmp_path / "output", preview=None)
    assert desk.identify("192.168.1.20", {}) is None
    assert desk.identify("127.0.0.1", {"X-Remote-User": "nobody"}) is None
    assert desk.identify("127.0.0.1", {"X-Forwarded-For": "192.168.1.20"}) is None
    assert desk.identify("127.0.0.1", {"X-Remote-User": "sitti"}).role == "reporter"
    assert desk.identify("127.0.0.1", {}).role == settings["DESK_LOCAL_ROLE"]


# --- through nginx ---------------------------------------------------------------


def test_nginx_asks_for_a_login_and_passes_it_on(desk):
    assert request(desk["base"] + "/admin/")[0] == 401
    assert request(desk["base"] + "/admin/", "sitti")[0] == 200
    info = {"action": "info", "params": {"branch": "main"}}
    assert request(desk["base"] + "/admin/api/v1", "sitti", info)[0] == 200
    # A reporter cannot publish, not even by calling the API directly.
    raw = "Title: Langsung\nDate: 2016-09-06 08:00\nCategory: Ekonomi\nAuthor: Sitti Paputungan\n"
    raw += "Status: published\n\nTeks.\n"
    path = "articles/2016/09/langsung/index.md"
    persist = {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "entry": {"slug": "langsung", "path": path, "raw": raw},
            "assets": [],
            "options": {"commitMessage": "x", "useWorkflow": False, "status": ""},
        },
    }
    status, answer = request(desk["base"] + "/admin/api/v1", "sitti", persist)
    assert status == 403, answer
    assert "bukan redaktur" in json.loads(answer)["error"]
    assert not (desk["content"] / path).exists()
    # Outside the stories folder: refused for everyone.
    persist["params"]["entry"]["path"] = "pages/langsung.md"
    assert request(desk["base"] + "/admin/api/v1", "rahmat", persist)[0] == 403
    refused = [e for e in audit(desk) if e["result"].startswith("refused")]
    assert refused[0]["login"] == "sitti" and refused[0]["paths"] == [path]
    # decap-server itself is bound to 127.0.0.1 on a port of its own; the
    # preview port answers /admin/ only to this machine (checked without a
    # header: it is this machine's own request, so it gets the local role).
    assert request(desk["direct"] + "/admin/config.yml")[0] == 200


# --- in the browser -------------------------------------------------------------------


@pytest.mark.browser
def test_one_header_field_changed_changes_one_line(desk, browser):
    source = desk["content"] / SAMPLE_PATH
    before = source.read_text(encoding="utf-8")
    page = open_desk(browser, desk, "rahmat")
    open_story(page, desk, SAMPLE_PATH)
    dateline = page.get_by_label("Tempat berita")
    assert dateline.input_value() == "Kotamobagu"
    dateline.fill("Lolak")
    save(page)
    deadline = time.monotonic() + 30
    while source.read_text(encoding="utf-8") == before:
        assert time.monotonic() < deadline, "the desk did not save"
        time.sleep(0.1)
    after = source.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.split("\n"), after.split("\n"), strict=True)
        if old != new
    ]
    assert changed == [("Dateline: Kotamobagu", "Dateline: Lolak")]
    assert audit(desk)[-1]["login"] == "rahmat" and audit(desk)[-1]["result"] == "ok"
    assert page.errors == []
    page.context.close()


@pytest.mark.browser
def test_reporter_files_a_story_with_photos_and_an_editor_publishes_it(desk, browser, tmp_path):
    photos = [
        write_photo(tmp_path / "pantai-pagi.jpg", (30, 90, 160)),
        write_photo(tmp_path / "warga-bekerja.jpg", (160, 110, 40)),
    ]
    page = open_desk(browser, desk, "sitti", width=390, height=844)
    page.get_by_text("＋ Berita baru").click()
    page.get_by_label("Judul", exact=True).fill(NEW_TITLE)
    page.get_by_label("Waktu terbit").first.fill("2016-09-20T10:00")
    choose_react_select(page, "Rubrik", "Pemerintahan")
    choose_react_select(page, "Penulis", "Sitti Paputungan")
    page.get_by_label("Tempat berita").fill("Lolak")
    body = page.locator("textarea.lintas-body__text")
    body.fill("Ratusan warga Lolak membersihkan pantai pada Minggu pagi.")

    page.locator("[data-insert='photo']").click()
    add_photo(page, 0, photos[0], "Warga memungut sampah di pantai", "Pantai Lolak pagi hari",
              "Sitti Paputungan")  # fmt: skip
    page.get_by_role("button", name="Sisipkan ke naskah").click()
    body.press("End")
    body.press("Control+End")
    body.type("\n\nKegiatan ditutup dengan makan bersama.\n")

    page.locator("[data-insert='gallery']").click()
    add_photo(page, 0, photos[0], "Pantai yang bersih", "Setelah dibersihkan", "")
    add_photo(page, 1, photos[1], "Warga bekerja bersama", "Gotong royong", "Yusuf Mamonto")
    page.get_by_role("button", name="Sisipkan ke naskah").click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk-phone-390.png"), full_page=False)

    before = state(desk["base"], "rahmat")["build"]
    save(page)
    index = desk["content"] / NEW_BUNDLE / "index.md"
    deadline = time.monotonic() + 30
    while not index.exists():
        assert time.monotonic() < deadline, "the story was not saved"
        time.sleep(0.1)
    wait_for_build(desk, before)
    text = index.read_text(encoding="utf-8")
    front = parse_front_matter(text)
    assert [f.name for f in front.fields] == [
        "Title", "Date", "Category", "Author", "Dateline", "Status",
    ]  # fmt: skip
    assert front.first("status").value == "draft"
    assert front.first("date").value == "2016-09-20 10:00"
    assert "![Warga memungut sampah di pantai](pantai-pagi.jpg " in front.body
    assert '"Pantai Lolak pagi hari | Sitti Paputungan")' in front.body
    assert (
        '![Pantai yang bersih](pantai-pagi.jpg "Setelah dibersihkan")\n'
        '![Warga bekerja bersama](warga-bekerja.jpg "Gotong royong | Yusuf Mamonto")'
    ) in front.body
    for photo in photos:
        assert (index.parent / photo.name).read_bytes() == photo.read_bytes()
    check = subprocess.run(
        [LINTAS, "check", "--settings", desk["settings"], index],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "LINTAS_NOW": SAMPLE_NOW},
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    # A draft: the desk says so, and the preview shows it marked DRAF (drafts
    # are previewed, never published: tests/robustness/test_leaks.py).
    deadline = time.monotonic() + 60
    while True:
        status, body = request(desk["base"] + NEW_URL, "sitti")
        if status == 200:
            break
        assert time.monotonic() < deadline, desk["log"].read_text(encoding="utf-8")
        time.sleep(0.2)
    assert b"preview-marker" in body and NEW_TITLE.encode() in body
    # Decap stays on its "new" page after a first save; desk.js opens the story.
    page.wait_for_url(f"**/entries/2016/09/{NEW_SLUG}/index")
    preview = page.frame_locator("iframe").last  # Decap's preview pane is a frame
    preview.get_by_text("Draf: belum tampil di situs").wait_for()
    preview.get_by_text("Tidak ada masalah pada naskah yang tersimpan.").wait_for()

    assert page.errors == []

    # The reporter cannot publish it: Decap shows our refusal (and, being
    # Decap, also leaves the failed save's promise rejected: an "Object" error).
    choose_react_select(page, "Status", "Terbit")
    save(page)
    page.get_by_text("bukan redaktur").first.wait_for(timeout=UI_TIMEOUT_MS)
    assert parse_front_matter(index.read_text(encoding="utf-8")).first("status").value == "draft"
    page.context.close()

    # An editor can.
    page = open_desk(browser, desk, "rahmat")
    open_story(page, desk, f"{NEW_BUNDLE}/index.md")
    before = state(desk["base"], "rahmat")["build"]
    choose_react_select(page, "Status", "Terbit")
    save(page)
    wait_for_build(desk, before)
    deadline = time.monotonic() + 30
    while True:  # published: served without the preview's DRAF marker
        status, body = request(desk["base"] + NEW_URL, "rahmat")
        if status == 200 and b"preview-marker" not in body:
            break
        assert time.monotonic() < deadline, desk["log"].read_text(encoding="utf-8")
        time.sleep(0.2)
    published = index.read_text(encoding="utf-8")
    assert [line for line in published.split("\n") if line not in text.split("\n")] == [
        "Status: published"
    ]
    html = request(desk["base"] + NEW_URL, "rahmat")[1].decode()
    assert NEW_TITLE in html and "Gotong royong" in html
    entries = [e for e in audit(desk) if NEW_BUNDLE + "/index.md" in e["paths"]]
    assert [(e["login"], e["status"], e["result"][:7]) for e in entries] == [
        ("sitti", "draft", "ok"),
        ("sitti", "published", "refused"),
        ("rahmat", "published", "ok"),
    ]
    assert page.errors == []
    page.context.close()


def test_serve_desk_without_decap_server_says_what_to_do(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    settings = write_settings(tmp_path, content, DESK_DECAP_SERVER=str(tmp_path / "missing.js"))
    done = subprocess.run(
        [PYTHON, "-m", "lintas", "serve", "--desk", "--settings", settings, "--port", "0"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "npm install --save-exact decap-server@3.11.3" in done.stderr
