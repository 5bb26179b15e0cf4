"""Publish the built site: rsync it to a folder or server, or commit it to a git branch.

    lintas deploy [--settings publishconf.py] [--output output]
                             [--method rsync|git] [--target TARGET] [--dry-run]

`make deploy` runs `make publish` first, then this. Settings (publishconf.py,
or the environment): DEPLOY_METHOD ("rsync" or "git"), DEPLOY_TARGET (a local
path or user@host:/path for rsync; a remote URL or path for git),
DEPLOY_BRANCH, DEPLOY_RSYNC_OPTIONS, DEPLOY_PROTECT. After a deploy that
changed something, the WebSub hub is pinged (`lintas ping`).
See docs/operations.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from lintas.core.config import setting
from lintas.core.messages import msg, msgn, say, use_settings

SETTINGS = (
    setting(
        "DEPLOY_METHOD",
        "rsync",
        str,
        doc="'rsync' (DEPLOY_TARGET: a folder or user@host:/path) or 'git' (a remote)",
    ),
    setting("DEPLOY_TARGET", "", str, doc="where the site goes; empty: `lintas deploy` refuses"),
    setting("DEPLOY_BRANCH", "gh-pages", str, doc="the branch the git method pushes"),
    setting(
        "DEPLOY_RSYNC_OPTIONS", [], list, doc="extra rsync options, e.g. ['-e', 'ssh -p 2222']"
    ),
    setting(
        "DEPLOY_PROTECT",
        [".well-known/"],
        list,
        doc="paths on the target that are not ours and --delete leaves alone",
    ),
    setting(
        "DEPLOY_GIT_CACHE", ".cache/deploy-git", str, doc="scratch repository of the git method"
    ),
)


# rsync: -a minus --times, plus --checksum. Pelican rewrites every file on every
# build, so with --times (part of -a) each unchanged file would get the new
# mtime on the server, and with it a new Last-Modified/ETag: every reader and
# crawler would download the whole site again. Without --times, a file whose
# bytes are unchanged is left alone (same inode, same mtime); a changed one
# gets the time of the deploy. --delay-updates and --delete-after keep the
# window in which readers see a half-old, half-new site as short as rsync can.
RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--perms",
    "--chmod=D755,F644",  # readable by the web server whatever the build's umask
    "--checksum",
    "--delete",
    "--delete-after",
    "--delay-updates",
    "--itemize-changes",
]
# Who the deploy commits are by (git method); not a person.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Lintas deploy",
    "GIT_AUTHOR_EMAIL": "deploy@lintas.invalid",
    "GIT_COMMITTER_NAME": "Lintas deploy",
    "GIT_COMMITTER_EMAIL": "deploy@lintas.invalid",
}
# GitHub Pages runs Jekyll on a branch unless this file is in it.
NO_JEKYLL = ".nojekyll"


class DeployError(Exception):
    """A deploy that must stop; the message (a ``msg()``) is rendered when shown."""


def check_output(output: Path, site_url: str) -> None:
    """Refuse what must never go out: an empty or missing output (--delete would
    empty the site) or a development build (its links point at 127.0.0.1)."""
    index = output / "index.html"
    if not index.is_file():
        raise DeployError(msg("%(path)s does not exist: build first (make publish)", path=index))
    if site_url and site_url not in index.read_text(encoding="utf-8", errors="replace"):
        raise DeployError(
            msg(
                "%(output)s was not built for %(url)s (a development build?): run make publish",
                output=output,
                url=site_url,
            )
        )


def rsync(
    output: Path, target: str, extra: list[str], protect: list[str], dry_run: bool
) -> list[str]:
    """Mirror ``output`` to ``target``; returns the paths that changed there."""
    command = ["rsync", *RSYNC_OPTIONS, *[f"--filter=P {p}" for p in protect], *extra]
    if dry_run:
        command.append("--dry-run")
    command += [f"{output}/", f"{target.rstrip('/')}/"]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        raise DeployError(
            msg(
                "rsync failed (exit status %(status)d):\n%(error)s",
                status=result.returncode,
                error=result.stderr,
            )
        )
    # --itemize-changes: ">f.st...... path", "cd+++++++++ dir/", "*deleting   path"
    return [line.split(None, 1)[1] for line in result.stdout.splitlines() if line.strip()]


def git(*args: str, env: dict, check: bool = True) -> str:
    result = subprocess.run(["git", *args], capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise DeployError(
            msg(
                "git %(command)s failed:\n%(error)s",
                command=" ".join(args),
                error=result.stderr.strip(),
            )
        )
    return result.stdout.strip() if result.returncode == 0 else ""


def git_branch(output: Path, remote: str, branch: str, scratch: Path, dry_run: bool) -> list[str]:
    """Commit ``output`` as the next commit of ``branch`` on ``remote`` and push it;
    returns the paths that changed.

    A scratch repository of our own (never the project's) holds the objects;
    the project's work tree, index and branches are not touched. The push is
    not forced: if someone else moved the branch meanwhile, it fails.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **GIT_IDENTITY, "GIT_DIR": str(scratch)}
    if not (scratch / "HEAD").exists():
        git("init", "--quiet", "--bare", str(scratch), env=env)
    previous = "refs/deploy/previous"
    git("update-ref", "-d", previous, env=env, check=False)
    git(
        "fetch",
        "--quiet",
        "--no-tags",
        remote,
        f"+refs/heads/{branch}:{previous}",
        env=env,
        check=False,
    )
    parent = git("rev-parse", "--verify", "--quiet", f"{previous}^{{commit}}", env=env, check=False)

    with tempfile.TemporaryDirectory() as temporary:
        index_env = {**env, "GIT_INDEX_FILE": str(Path(temporary) / "index")}
        git(f"--work-tree={output}", "add", "--all", "--force", ".", env=index_env)
        empty = subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            input="",
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.strip()
        git("update-index", "--add", "--cacheinfo", f"100644,{empty},{NO_JEKYLL}", env=index_env)
        tree = git("write-tree", env=index_env)
    if parent:
        changed = git("diff-tree", "-r", "--name-only", parent, tree, env=env).splitlines()
    else:
        changed = git("ls-tree", "-r", "--name-only", tree, env=env).splitlines()
    if not changed:
        print(
            say(
                msg(
                    "%(remote)s %(branch)s already holds this site: nothing to deploy",
                    remote=remote,
                    branch=branch,
                )
            )
        )
        return []
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = git(
        "commit-tree", tree, *(["-p", parent] if parent else []), "-m", f"Deploy {stamp}", env=env
    )
    if dry_run:
        print(
            say(
                msg(
                    "would push %(commit)s to %(remote)s %(branch)s (dry run)",
                    commit=commit[:12],
                    remote=remote,
                    branch=branch,
                )
            )
        )
        return changed
    git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}", env=env)
    print(
        say(
            msgn(
                "pushed %(commit)s to %(remote)s %(branch)s: %(count)d file changed",
                "pushed %(commit)s to %(remote)s %(branch)s: %(count)d files changed",
                len(changed),
                commit=commit[:12],
                remote=remote,
                branch=branch,
            )
        )
    )
    return changed


def ping_websub(settings_path: Path, output: Path) -> bool:
    """`lintas ping` (it does nothing when no hub is configured)."""
    from lintas.cli import ping

    return ping.main(["--settings", str(settings_path), "--output", str(output)]) == 0


EXAMPLES = """examples:
  lintas deploy                 rsync ./output to DEPLOY_TARGET (publishconf.py)
  lintas deploy --dry-run       show what would change, change nothing
  lintas deploy --method git --target git@host:portal.git
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas deploy",
        description=__doc__.splitlines()[0],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--method", choices=("rsync", "git"), help="default: DEPLOY_METHOD")
    parser.add_argument("--target", help="default: DEPLOY_TARGET")
    parser.add_argument("--dry-run", action="store_true", help="show what would change")
    args = parser.parse_args(argv)

    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    use_settings(settings)  # its lines in MESSAGES_LANGUAGE
    method = args.method or settings.get("DEPLOY_METHOD", "rsync")
    target = args.target or settings.get("DEPLOY_TARGET")
    output = args.output.resolve()
    if not target:
        print(
            say(
                msg(
                    "no deploy target — set DEPLOY_TARGET in %(settings)s or the "
                    "LINTAS_DEPLOY_TARGET environment variable (see docs/operations.md)",
                    settings=args.settings.name,
                )
            ),
            file=sys.stderr,
        )
        return 2
    try:
        check_output(output, settings.get("SITEURL", ""))
        if method == "git":
            scratch = Path(settings["DEPLOY_GIT_CACHE"]).resolve()
            changed = git_branch(
                output, target, settings.get("DEPLOY_BRANCH", "gh-pages"), scratch, args.dry_run
            )
        else:
            changed = rsync(
                output,
                target,
                list(settings.get("DEPLOY_RSYNC_OPTIONS", [])),
                list(settings.get("DEPLOY_PROTECT", [])),
                args.dry_run,
            )
    except DeployError as error:
        print(say(msg("deploy failed: %(error)s", error=str(error))), file=sys.stderr)
        return 1
    if args.dry_run:
        return 0
    print(
        say(
            msgn(
                "deployed %(output)s to %(target)s: %(count)d change",
                "deployed %(output)s to %(target)s: %(count)d changes",
                len(changed),
                output=output,
                target=target,
            )
        )
    )
    # Scheduled rebuilds run every few minutes: ping the hub only when a feed
    # changed (a new or edited story), not for every deploy.
    feed_files = set(settings.get("FEED_FILES", {}).values())
    if feed_files and not any(Path(p).name in feed_files for p in changed):
        print(say(msg("no feed changed: no WebSub ping")))
        return 0
    if not ping_websub(args.settings, output):
        print(
            say(
                msg(
                    "the site is deployed, but the WebSub ping failed — send it again with: "
                    "lintas ping"
                )
            ),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
