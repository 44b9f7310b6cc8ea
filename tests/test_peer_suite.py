"""The s3-tests measuring instrument: the subset list and the configuration writer."""

from __future__ import annotations

import configparser

import pytest

from nubodoc.core.credentials import Credentials
from nubodoc.targets.clients import s3_client
from nubodoc.targets.peer_suite import subset, write_configuration
from nubodoc.targets.sandbox import Sandbox


def test_the_subset_names_197_distinct_tests_in_categories():
    categories = subset()
    names = [name for group in categories.values() for name in group]
    assert len(names) == len(set(names)) == 197
    assert {"listing", "multipart", "copy", "presigned", "metadata"} <= set(categories)


def test_a_line_that_is_no_test_name_is_named_with_its_file_and_line(tmp_path):
    listing = tmp_path / "subset.txt"
    listing.write_text("# listing\ntest_bucket_list_empty\nnot a test\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{listing}:3: expected '# category'"):
        subset(listing)


def test_the_configuration_holds_two_users_of_one_bucket_namespace(tmp_path):
    with Sandbox() as sandbox:
        path = write_configuration(sandbox, tmp_path / "s3tests.conf")
        config = configparser.ConfigParser(interpolation=None)
        config.read(path)
        assert (path.stat().st_mode & 0o777, config["DEFAULT"]["is_secure"]) == (0o600, "True")
        assert int(config["DEFAULT"]["port"]) == int(sandbox.endpoint_url.rsplit(":", 1)[1])
        clients = {}
        for section in ("s3 main", "s3 alt"):
            keys = Credentials(config[section]["access_key"], config[section]["secret_key"])
            clients[section] = s3_client(sandbox.endpoint_url, keys, sandbox.ca_bundle)
            clients[section].create_bucket(Bucket=f"essai-{section[3:]}")
        clients["s3 main"].put_object(Bucket="essai-main", Key="a.txt", Body=b"un")
        alt = clients["s3 alt"]
        names = sorted(b["Name"] for b in alt.list_buckets()["Buckets"])
        assert names == ["essai-alt", "essai-main"]
        assert alt.get_object(Bucket="essai-main", Key="a.txt")["Body"].read() == b"un"
