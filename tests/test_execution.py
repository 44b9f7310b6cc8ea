"""The harness judges snippets on what they did: it fails when they do something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from nubodoc.catalogue import load_task
from nubodoc.harness.execution import SnippetFailure, run_task
from nubodoc.runners import SnippetTimeout


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def python_only(folder: Path, toml: str, snippet: str) -> None:
    """Make *folder* a task with only a Python snippet."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("snippet.R", "snippet.sh"):
        (folder / name).unlink(missing_ok=True)
    write(folder, "task.toml", toml + '\n[missing]\nr = "pas de R"\nmc = "pas de mc"\n')
    write(folder, "snippet.py", snippet)


def test_catalogue_task_passes(task_copy, s3_target):
    task = load_task(task_copy("lister-fichiers"))
    outcome = run_task(task, "python", s3_target)
    assert outcome.result.returncode == 0
    assert "utilisateur/BPE/2019/BPE_ENS.csv" in outcome.result.stdout


def test_changed_output_fails(task_copy, s3_target):
    folder = task_copy("lister-fichiers")
    snippet = (folder / "snippet.py").read_text(encoding="utf-8")
    first_level_only = snippet[:snippet.index("print(fs.ls(BUCKET))")] + "print(fs.ls(BUCKET))\n"
    write(folder, "snippet.py", first_level_only)
    with pytest.raises(SnippetFailure, match="stdout lacks 'BPE/2019/BPE_ENS.csv'"):
        run_task(load_task(folder), "python", s3_target)


def test_changed_seed_object_fails(task_copy, s3_target):
    folder = task_copy("lister-fichiers")
    toml = (folder / "task.toml").read_text(encoding="utf-8")
    write(folder, "task.toml", toml.replace("BPE/2019/BPE_ENS.csv\"\nfile",
                                            "BPE/2020/BPE_ENS.csv\"\nfile"))
    with pytest.raises(SnippetFailure, match="BPE/2019/BPE_ENS.csv"):
        run_task(load_task(folder), "python", s3_target)


def test_object_checks_read_back_the_bytes(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "ecrire"
    toml = ('title = "t"\nbuckets = ["utilisateur"]\n'
            '[[expect.objects]]\npath = "utilisateur/sortie.txt"\ncontains = ["attendu"]\n')
    snippet = ('import os\n\nimport s3fs\n\n'
               'fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])\n'
               'fs.pipe("utilisateur/sortie.txt", b"{}")\n')
    python_only(folder, toml, snippet.format("attendu"))
    run_task(load_task(folder), "python", s3_target)
    python_only(folder, toml, snippet.format("autre chose"))
    with pytest.raises(SnippetFailure, match="lacks 'attendu'"):
        run_task(load_task(folder), "python", s3_target)


def test_nonzero_exit_fails_and_report_masks_secrets(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "fuite"
    python_only(folder, 'title = "t"\n',
                'import os\nimport sys\n\nprint(os.environ["AWS_SECRET_ACCESS_KEY"])\n'
                'print(os.environ["AWS_SESSION_TOKEN"], file=sys.stderr)\n'
                'print(os.environ["MC_HOST_s3"])\nsys.exit(3)\n')
    with pytest.raises(SnippetFailure) as caught:
        run_task(load_task(folder), "python", s3_target)
    report = str(caught.value)
    assert "exited with status 3" in report
    assert str(folder / "snippet.py") in report
    assert report.count("[masqué]") >= 3
    assert "ASIA" not in report


def test_a_hanging_snippet_is_stopped_and_named(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "lent"
    python_only(folder, 'title = "t"\ntimeout = 1\n', "import time\n\ntime.sleep(60)\n")
    with pytest.raises(SnippetTimeout, match=r"snippet\.py: still running after 1 s"):
        run_task(load_task(folder), "python", s3_target)


def test_expected_failure_must_fail(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "echec"
    python_only(folder, 'title = "t"\n[expect]\nfails = true\n', "print('ok')\n")
    with pytest.raises(SnippetFailure, match="expects an error"):
        run_task(load_task(folder), "python", s3_target)


def test_excluded_output_fails(tmp_path, s3_target):
    """``stdout_excludes``: a step that must do nothing (a second sync) fails if it acts."""
    folder = tmp_path / "snippets" / "exclu"
    toml = 'title = "t"\n[expect]\nstdout = ["fin"]\nstdout_excludes = ["renvoi"]\n'
    python_only(folder, toml, 'print("fin")\n')
    assert run_task(load_task(folder), "python", s3_target).result.returncode == 0
    python_only(folder, toml, 'print("renvoi : a.csv")\nprint("fin")\n')
    with pytest.raises(SnippetFailure, match="stdout holds 'renvoi', which the task excludes"):
        run_task(load_task(folder), "python", s3_target)


def test_placeholders_are_filled_and_local_files_checked(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "local"
    toml = ('title = "t"\n[placeholders]\n"<mon_fichier>" = "copie.txt"\n'
            '[[local]]\npath = "source.txt"\ntext = "contenu"\n'
            '[[expect.local_files]]\npath = "copie.txt"\ncontains = ["contenu"]\n')
    python_only(folder, toml, 'import shutil\n\nshutil.copy("source.txt", "<mon_fichier>")\n')
    outcome = run_task(load_task(folder), "python", s3_target)
    assert outcome.result.returncode == 0
    python_only(folder, toml, 'print("rien")\n')
    with pytest.raises(SnippetFailure, match="local file copie.txt missing"):
        run_task(load_task(folder), "python", s3_target)



def test_static_check_reads_placeholders_filled_and_names_the_real_file(tmp_path):
    from nubodoc.harness.execution import static_problems

    folder = tmp_path / "snippets" / "mc-seul"
    folder.mkdir(parents=True)
    write(folder, "task.toml", 'title = "t"\n[placeholders]\n"<mon_bucket>" = "utilisateur"\n'
          '[missing]\nr = "x"\npython = "y"\n')
    write(folder, "snippet.sh", "mc ls s3/<mon_bucket>\nmc policy set download s3/<mon_bucket>\n")
    problems = static_problems(load_task(folder), "mc")
    assert len(problems) == 1
    assert problems[0].startswith(f"{folder / 'snippet.sh'}:2: 'mc policy' was replaced")


def test_seeded_policy_must_be_removed_when_the_task_says_so(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "politique"
    toml = ('title = "t"\nbuckets = ["utilisateur"]\n[[bucket_policies]]\nbucket = "utilisateur"\n'
            'file = "lecture-publique-utilisateur.json"\n[expect]\nno_policy = ["utilisateur"]\n')
    client_code = ('import os\n\nimport boto3\n\n'
                   's3 = boto3.client("s3", '
                   'endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])\n')
    python_only(folder, toml, client_code + 's3.delete_bucket_policy(Bucket="utilisateur")\n')
    run_task(load_task(folder), "python", s3_target)
    python_only(folder, toml, client_code + 'print(s3.get_bucket_policy(Bucket="utilisateur"))\n')
    with pytest.raises(SnippetFailure, match="bucket utilisateur still has a policy"):
        run_task(load_task(folder), "python", s3_target)


def test_anonymous_access_checks_fail_when_the_policy_does_not_open(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "public"
    toml = ('title = "t"\n[[seed]]\nobject = "utilisateur/public/a.csv"\ntext = "a"\n'
            '[[seed]]\nobject = "utilisateur/prive/b.csv"\ntext = "b"\n'
            '[expect]\nanonymous_reads = ["utilisateur/public/a.csv"]\n'
            'anonymous_refused = ["utilisateur/prive/b.csv"]\n')
    python_only(folder, toml, 'print("aucune politique")\n')
    with pytest.raises(SnippetFailure, match=r"anonymous read of utilisateur/public/a\.csv "
                                             r"refused \(AccessDenied\)"):
        run_task(load_task(folder), "python", s3_target)


def test_a_syntax_error_still_names_its_file_and_line(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "cassee"
    python_only(folder, 'title = "x"\n[expect]\nstdout = ["ok"]\n',
                'print("ok")\nif True\n    print("jamais")\n')
    with pytest.raises(SnippetFailure, match=r"static check failed:\n.*snippet\.py:2: "):
        run_task(load_task(folder), "python", s3_target)


def test_a_missing_import_fails_as_it_would_for_a_reader(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "sans-import"
    python_only(folder, 'title = "x"\n[expect]\nstdout = ["ok"]\n',
                'print(os.environ["AWS_S3_ENDPOINT"])\nprint("ok")\n')
    with pytest.raises(SnippetFailure, match=r"(?s)exited with status 1.*NameError: name 'os'"):
        run_task(load_task(folder), "python", s3_target)
