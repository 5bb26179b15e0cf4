"""`lintas deploy` against a local folder (rsync) and a local bare repository (git)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import ROOT, all_files, run_lintas, write_settings

from lintas.plugins.photos.media import media_root
from lintas.settings import read_settings

ARTICLE_PAGES = "2016/09/*/index.html"
PUBLISH = read_settings(str(ROOT / "publishconf.py"))


def deploy(folder: Path, output: Path, *args: str) -> subprocess.CompletedProcess:
    """scripts/deploy.py with the development settings (the sample output is a dev build)."""
    settings = write_settings(
        folder,
        ROOT / "content",
        DEPLOY_GIT_CACHE=str(folder / "scratch"),
        DEPLOY_STATE_DIR=str(folder / "deploy-state"),
        DEPLOY_PROTECT=PUBLISH["DEPLOY_PROTECT"],
        MESSAGES_LANGUAGE="en",  # its lines are read in English
    )
    return run_lintas("deploy", "--settings", settings, "--output", output, *args, timeout=300)


def rebuilt(sample_output: Path, output: Path) -> Path:
    """A copy of the sample output in which every file is new, as after a rebuild:
    Pelican rewrites every file, so every mtime changes even where the bytes do not.
    The photo files stay in their shared folder, which the output links to, as
    after a rebuild (lintas/plugins/photos/media.py)."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.copytree(sample_output, output, symlinks=True, copy_function=shutil.copyfile)
    assert (output / "media").is_symlink()
    if not media_root(output).exists():
        shutil.copytree(media_root(sample_output), media_root(output))
    return output


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in all_files(folder)
    }


@pytest.fixture
def site(tmp_path, sample_output):
    """A web server's folder with a neighbour outside it and a protected file inside."""
    www = tmp_path / "www"
    (www / "site" / ".well-known" / "acme-challenge").mkdir(parents=True)
    (www / "site" / ".well-known" / "acme-challenge" / "token").write_text("certbot")
    (www / "other-site.html").write_text("not ours")
    return www


def test_rsync_removes_deleted_articles_and_touches_nothing_else(tmp_path, sample_output, site):
    target = site / "site"
    output = rebuilt(sample_output, tmp_path / "output")
    first = deploy(tmp_path, output, "--target", str(target))
    assert first.returncode == 0, first.stdout + first.stderr
    assert (target / "index.html").read_bytes() == (output / "index.html").read_bytes()
    before = stamps(target)
    neighbour = (site / "other-site.html").stat()

    output = rebuilt(sample_output, tmp_path / "output")
    gone = sorted(output.glob(ARTICLE_PAGES))[0].parent
    shutil.rmtree(gone)
    edited = output / "index.html"
    edited.write_bytes(edited.read_bytes() + b"\n")
    second = deploy(tmp_path, output, "--target", str(target))
    assert second.returncode == 0, second.stdout + second.stderr
    assert "by manifest" in second.stdout, second.stdout  # the first deploy left its record

    removed = gone.relative_to(output)
    assert not (target / removed).exists(), second.stdout
    assert f"*deleting   {removed}/index.html" in second.stdout
    assert (target / "index.html").read_bytes() == edited.read_bytes()
    after = stamps(target)
    untouched = {
        path: stamp
        for path, stamp in before.items()
        if path != "index.html" and not path.startswith(f"{removed}/")
    }
    # Same inode and mtime: unchanged files were not rewritten, nor restamped.
    assert {path: after.get(path) for path in untouched} == untouched
    assert (target / ".well-known" / "acme-challenge" / "token").read_text() == "certbot"
    assert (site / "other-site.html").stat().st_mtime_ns == neighbour.st_mtime_ns
    assert (site / "other-site.html").read_text() == "not ours"


def test_an_unchanged_rebuild_changes_nothing(tmp_path, sample_output, site):
    target = site / "site"
    assert (
        deploy(
            tmp_path, rebuilt(sample_output, tmp_path / "output"), "--target", str(target)
        ).returncode
        == 0
    )
    before = stamps(target)
    again = deploy(tmp_path, rebuilt(sample_output, tmp_path / "output"), "--target", str(target))
    assert again.returncode == 0
    assert stamps(target) == before
    assert "no WebSub ping" in again.stdout


def test_refuses_a_missing_or_foreign_output(tmp_path, sample_output, site):
    target = site / "site"
    before = stamps(site)
    missing = deploy(tmp_path, tmp_path / "nothing-built", "--target", str(target))
    assert missing.returncode == 1
    assert "does not exist: build first" in missing.stderr
    foreign = rebuilt(sample_output, tmp_path / "output")
    index = foreign / "index.html"
    index.write_text(index.read_text().replace("http://127.0.0.1:8000", "http://elsewhere"))
    refused = deploy(tmp_path, foreign, "--target", str(target))
    assert refused.returncode == 1
    assert "was not built for http://127.0.0.1:8000" in refused.stderr
    assert stamps(site) == before


def test_git_branch_deploy_leaves_the_project_repository_alone(tmp_path, sample_output):
    remote = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    ours = ["git", "-C", str(ROOT), "for-each-ref", "refs/deploy", "refs/heads/gh-pages"]
    project_refs = subprocess.run(ours, capture_output=True, text=True, check=True).stdout

    def branch_files() -> set[str]:
        listing = subprocess.run(
            ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
            capture_output=True,
            text=True,
            check=True,
        )
        return set(listing.stdout.splitlines())

    def commits() -> int:
        count = subprocess.run(
            ["git", "--git-dir", str(remote), "rev-list", "--count", "gh-pages"],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(count.stdout)

    output = rebuilt(sample_output, tmp_path / "output")
    git_args = ("--method", "git", "--target", str(remote))
    assert deploy(tmp_path, output, *git_args).returncode == 0
    published = {str(p.relative_to(output)) for p in all_files(output)}
    assert branch_files() == published | {".nojekyll"}
    assert commits() == 1

    output = rebuilt(sample_output, tmp_path / "output")
    again = deploy(tmp_path, output, *git_args)
    assert again.returncode == 0 and "nothing to deploy" in again.stdout
    assert commits() == 1

    gone = sorted(output.glob(ARTICLE_PAGES))[0]
    gone.unlink()
    assert deploy(tmp_path, output, *git_args).returncode == 0
    assert str(gone.relative_to(output)) not in branch_files()
    assert commits() == 2
    after_refs = subprocess.run(ours, capture_output=True, text=True, check=True).stdout
    assert after_refs == project_refs  # the scratch repository is not the project's


def test_no_target_is_an_error_not_a_guess(tmp_path, sample_output):
    env_free = {k: v for k, v in os.environ.items() if k != "LINTAS_DEPLOY_TARGET"}
    settings = write_settings(tmp_path, ROOT / "content", MESSAGES_LANGUAGE="en")
    result = run_lintas(
        "deploy", "--settings", settings, "--output", sample_output, env=env_free, timeout=60
    )
    assert result.returncode == 2
    assert "no deploy target" in result.stderr


def test_publish_settings_protect_certbot_and_name_the_method():
    assert ".well-known/" in PUBLISH["DEPLOY_PROTECT"]
    assert PUBLISH["DEPLOY_METHOD"] in ("rsync", "git")


# --- Deploys by manifest (what the target last received) -------------------------


def replace_file(path: Path, data: bytes) -> None:
    """As a build does: a new file renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def sent(result: subprocess.CompletedProcess) -> list[str]:
    """The files rsync wrote (itemized ">f..." lines), in the order it wrote them."""
    return [line.split(None, 1)[1] for line in result.stdout.splitlines() if line[:2] == ">f"]


def same_files(target: Path, output: Path) -> bool:
    ours = {str(p.relative_to(target)) for p in all_files(target)}
    ours = {p for p in ours if not p.startswith(".well-known/")}
    return ours == {str(p.relative_to(output)) for p in all_files(output)} and all(
        (target / p).read_bytes() == (output / p).read_bytes() for p in ours
    )


def test_a_deploy_after_an_edit_sends_only_the_changed_files_pages_first(
    tmp_path, sample_output, site
):
    target = site / "site"
    output = tmp_path / "output"
    shutil.copytree(sample_output, output)
    first = deploy(tmp_path, output, "--target", str(target))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "no record of a deploy" in first.stdout
    before = stamps(target)

    story = sorted(output.glob(ARTICLE_PAGES))[0]
    replace_file(story, story.read_bytes().replace(b"</article>", b"<p>Ralat.</p></article>"))
    new_story = story.parent.with_name("berita-baru") / "index.html"
    replace_file(new_story, story.read_bytes().replace(b"Ralat.", b"Berita baru."))
    home = output / "index.html"
    replace_file(home, home.read_bytes() + b"\n")
    again = deploy(tmp_path, output, "--target", str(target))
    assert again.returncode == 0, again.stdout + again.stderr

    assert "by manifest" in again.stdout and "--delete " not in again.stdout
    relative = [str(p.relative_to(output)) for p in (story, new_story, home)]
    assert sorted(sent(again)) == sorted(relative)
    # The new story goes out before the front page that will link to it.
    assert sent(again).index(relative[1]) < sent(again).index("index.html")
    after = stamps(target)
    assert {p: after[p] for p in before if p not in relative} == {
        p: s for p, s in before.items() if p not in relative
    }
    assert same_files(target, output)


def test_a_target_that_missed_a_deploy_still_converges(tmp_path, sample_output, site):
    steady, behind = site / "site", tmp_path / "www-2"
    output = tmp_path / "output"
    shutil.copytree(sample_output, output)
    for target in (steady, behind):
        assert deploy(tmp_path, output, "--target", str(target)).returncode == 0

    # Deploy 2 reaches only the first target: an edit and a deleted story.
    edited = sorted(output.glob(ARTICLE_PAGES))[1]
    replace_file(edited, edited.read_bytes().replace(b"</article>", b"<p>Ralat 1.</p></article>"))
    gone = sorted(output.glob(ARTICLE_PAGES))[0].parent
    shutil.rmtree(gone)
    assert deploy(tmp_path, output, "--target", str(steady)).returncode == 0

    # Deploy 3, to both: another edit. The second target gets deploy 2 as well.
    home = output / "index.html"
    replace_file(home, home.read_bytes() + b"\n")
    late = deploy(tmp_path, output, "--target", str(behind))
    assert late.returncode == 0, late.stdout + late.stderr
    assert "by manifest" in late.stdout
    assert str(edited.relative_to(output)) in sent(late)
    assert not (behind / gone.relative_to(output)).exists()
    assert same_files(behind, output)
    assert deploy(tmp_path, output, "--target", str(steady)).returncode == 0
    assert same_files(steady, output)


def test_verify_repairs_a_file_changed_on_the_target(tmp_path, sample_output, site):
    target = site / "site"
    output = tmp_path / "output"
    shutil.copytree(sample_output, output)
    assert deploy(tmp_path, output, "--target", str(target)).returncode == 0
    tampered = target / "index.html"
    tampered.write_bytes(tampered.read_bytes().replace(b"<body", b"<body data-x"))
    # The record says the target has the output's index.html: a deploy by
    # manifest trusts it and sends nothing...
    trusting = deploy(tmp_path, output, "--target", str(target))
    assert trusting.returncode == 0 and sent(trusting) == []
    assert tampered.read_bytes() != (output / "index.html").read_bytes()
    # ...a verifying one reads both sides and repairs it.
    verified = deploy(tmp_path, output, "--target", str(target), "--verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert sent(verified) == ["index.html"]
    assert same_files(target, output)


def files(digests: dict[str, str]) -> dict:
    from lintas.cli.deploy import FileState

    return {path: FileState(digest, 1, 1, 1) for path, digest in digests.items()}


def test_the_plan_sends_new_files_before_changed_pages_and_deletes_whole_gone_folders():
    from lintas.cli.deploy import plan_deploy

    received = files(
        {
            "index.html": "a",
            "feed.xml": "a",
            "style.css": "a",
            "2015/12/satu/index.html": "a",
            "2016/09/lama/index.html": "a",
            "2016/09/lama/foto.jpg": "a",
            "2016/09/tetap/index.html": "a",
            "pagefind/fragment/id_1.pf_fragment": "a",
        }
    )
    current = files(
        {
            "index.html": "b",
            "feed.xml": "a",
            "style.css": "b",
            "2016/09/tetap/index.html": "b",
            "2016/09/baru/index.html": "b",
            "2016/09/baru/foto.jpg": "b",
            "pagefind/fragment/id_2.pf_fragment": "b",
        }
    )
    plan = plan_deploy(current, received)
    # New files first, pages among them; a changed file that links to nothing too.
    assert plan.first == [
        "2016/09/baru/foto.jpg",
        "2016/09/baru/index.html",
        "pagefind/fragment/id_2.pf_fragment",
        "style.css",
    ]
    # A changed story may link to the new one (its neighbour): after it, with the lists.
    assert plan.then == ["2016/09/tetap/index.html", "index.html"]  # feed.xml is unchanged
    # A story's folder goes whole; a year with nothing left, too; never a kept folder.
    # Those holding pages go in a pass of their own, before the other deletions.
    assert plan.removed_pages == ["2015", "2016/09/lama"]
    assert plan.removed == ["pagefind/fragment/id_1.pf_fragment"]


def test_after_a_cut_off_deploy_the_paths_it_touched_are_unknown_on_the_target():
    from lintas.cli.deploy import Unfinished, plan_deploy

    # The record: state A. A deploy towards B was cut off after sending the new
    # story, the changed front page and deleting an old story; the next output
    # is A again (the editor took the story back), plus an edit elsewhere.
    received = files(
        {
            "index.html": "a",
            "kategori/index.html": "a",
            "2016/09/lama/index.html": "a",
            "2016/09/lama/foto.jpg": "a",
            "2016/09/tetap/index.html": "a",
        }
    )
    cut_off = Unfinished(
        sent=frozenset({"2016/09/baru/index.html", "kategori/baru/index.html", "index.html"}),
        removed=frozenset({"2016/09/lama"}),
    )
    current = files({**{p: s.digest for p, s in received.items()}, "kategori/index.html": "c"})
    plan = plan_deploy(current, received, cut_off)
    # The deleted story may be missing: sent again as new, before any page.
    assert plan.first == ["2016/09/lama/foto.jpg", "2016/09/lama/index.html"]
    # The front page holds A or B (it was there all along): sent again after them.
    assert plan.then == ["index.html", "kategori/index.html"]
    # What it sent that the output lacks may be there: deleted, folders whole.
    assert plan.removed_pages == ["2016/09/baru", "kategori/baru"]
    assert plan_deploy(current, received).then == ["kategori/index.html"]  # without the marker


def test_a_deploy_cut_off_is_marked_before_it_sends_and_cleared_when_one_completes(
    tmp_path, sample_output, site
):
    from lintas.cli.deploy import Unfinished, load_unfinished

    target = site / "site"
    output = tmp_path / "output"
    shutil.copytree(sample_output, output)
    assert deploy(tmp_path, output, "--target", str(target)).returncode == 0
    [record] = (tmp_path / "deploy-state").glob("rsync-*.json")
    marker = record.with_name(record.name + ".unfinished")
    assert not marker.exists()
    # A deploy cut off after sending a story it was about to send: the target
    # holds it, the record does not know it. The next deploy deletes it again.
    story = sorted(output.glob(ARTICLE_PAGES))[0]
    shutil.copytree(story.parent, target / "2016/09/dibatalkan")
    (target / "2016/09/.~tmp~").mkdir()  # rsync's leftover
    (target / "2016/09/.~tmp~/index.html").write_bytes(b"half")
    marker.write_text(
        '{"version":1,"full":false,"sent":["2016/09/dibatalkan/index.html"],"removed":[]}'
    )
    assert load_unfinished(marker) == Unfinished(sent=frozenset({"2016/09/dibatalkan/index.html"}))
    again = deploy(tmp_path, output, "--target", str(target))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "after a deploy that was cut off" in again.stdout
    assert not marker.exists()
    assert same_files(target, output)
    # An unreadable marker (or an older Lintas's empty one): a full ordered pass.
    marker.write_text("")
    full = deploy(tmp_path, output, "--target", str(target))
    assert full.returncode == 0, full.stdout + full.stderr
    assert "a full pass was cut off" in full.stdout and "--ignore-existing" in full.stdout
    assert not marker.exists()


def test_the_walk_trusts_a_settled_folder_and_sees_every_change_to_its_entries(tmp_path):
    from lintas.cli.deploy import output_manifest

    output = tmp_path / "output"
    photos = tmp_path / ".output.media" / "files" / "ab"
    photos.mkdir(parents=True)
    (photos / "ab-320w.webp").write_bytes(b"one")
    output.mkdir()
    (output / "index.html").write_text("home")
    (output / "media").symlink_to("../.output.media/files")
    # The folders are settled at once here (the walks' window is 0 s).
    first = output_manifest(output, settled_ns=0)
    assert set(first.files) == {"index.html", "media/ab/ab-320w.webp"}
    # Bytes written through a file of a settled folder are not seen (a build never
    # writes through: it renames; `make deploy-verify` compares every byte)...
    (photos / "ab-320w.webp").write_bytes(b"two")
    again = output_manifest(output, first, settled_ns=0)
    assert again.files["media/ab/ab-320w.webp"] == first.files["media/ab/ab-320w.webp"]
    # ...while a file added, renamed over or removed changes the folder's ctime.
    (photos / "ab-480w.webp").write_bytes(b"new")
    (photos / ".tmp").write_bytes(b"three")
    os.replace(photos / ".tmp", photos / "ab-320w.webp")
    after = output_manifest(output, again)
    assert set(after.files) == {"index.html", "media/ab/ab-320w.webp", "media/ab/ab-480w.webp"}
    assert (
        after.files["media/ab/ab-320w.webp"].digest != first.files["media/ab/ab-320w.webp"].digest
    )
    # A folder too recent to trust (SETTLED_NS: 2 s) is looked at again next time.
    assert after.folders["media/ab"][1] == -1
    os.unlink(photos / "ab-480w.webp")
    assert set(output_manifest(output, after).files) == {"index.html", "media/ab/ab-320w.webp"}
    # A copy made with its folders' times set back (cp -a, copytree), which may
    # get the removed folders' inode numbers, is looked at: its ctime is new.
    settled = output_manifest(output, settled_ns=0)
    stamp = photos.stat().st_mtime_ns
    shutil.rmtree(photos)
    photos.mkdir()
    (photos / "ab-320w.webp").write_bytes(b"four")
    os.utime(photos, ns=(stamp, stamp))
    copied = output_manifest(output, settled, settled_ns=0)
    assert copied.files["media/ab/ab-320w.webp"].digest == hashlib.sha256(b"four").hexdigest()
