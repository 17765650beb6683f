"""Causes of the nineteenth Python holdout, reader B (issue 12, branch py19b;
fixtures/taint/flows19b/, each with a twin): third-party clients that download into a directory
or file the call names (Kaggle, Hugging Face Hub, boto3 S3) are file writes, and a folder made
from a variable holding ``root / Path(dest)`` is a path like ``(root / dest).mkdir()``
(``downloads``); an anchored file-name pattern that admits no separator and no dot
first is a path check, also in a bool helper of another module (``filename_regex``)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

_GROUPS = FlowGroups("flows19b")
found = _GROUPS.found
line_of = _GROUPS.line_of


def test_sdk_downloads_and_a_folder_joined_onto_a_root_are_file_writes():
    L = lambda needle: line_of("downloads", "server.py", needle)  # noqa: E731
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("downloads"))
    assert got == sorted([
        ("tool-path-traversal", L("path=target_dir, unzip=True"), "fetch_dataset",
         "tool 'fetch_dataset' passes parameter 'target_dir' to Kaggle API .dataset_download_files(path=...): "
         "path traversal / arbitrary file access (the Kaggle client writes (with unzip, extracts) the downloaded "
         "files into this directory)"),
        ("tool-path-traversal", L("local_dir=local_dir)"), "fetch_model",
         "tool 'fetch_model' passes parameter 'local_dir' to huggingface_hub snapshot_download(local_dir=...): "
         "path traversal / arbitrary file access (the Hub client writes the downloaded repository files under "
         "this directory)"),
        ("tool-path-traversal", L("s3.download_file(bucket, key, filename)"), "fetch_object",
         "tool 'fetch_object' passes parameter 'filename' to boto3 S3 .download_file(Filename=...): "
         "path traversal / arbitrary file access (boto3 writes the downloaded object to this local path)"),
        ("tool-path-traversal", L("folder.mkdir(parents=True, exist_ok=True)  # expect"), "make_folder",
         "tool 'make_folder' passes parameter 'dest' to .mkdir(): path traversal / arbitrary file access (write)"),
    ])


def test_an_anchored_file_name_pattern_with_no_dot_first_is_a_path_check_across_modules():
    # names.py: a module-level compiled pattern in a bool helper whose caller (a method) raises;
    # a plain name that cannot start with a dot is never '..' (publish_image is not reported);
    # the twin's pattern admits '/' (publish_nested is)
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in found("filename_regex"))
    assert got == [
        ("tool-path-traversal", "names.py", line_of("filename_regex", "names.py", "shutil.copy2("), "publish_nested",
         "tool 'publish_nested' passes parameter 'target_name' to shutil.copy2(): path traversal / arbitrary "
         "file access (write)"),
    ]
