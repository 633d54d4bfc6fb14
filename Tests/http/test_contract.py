"""The published API contract: the OpenAPI document is valid, and the live server answers as it says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from conftest import ARTIFACTS, REPO, start_server, stop_server

DOCUMENT = REPO / "Sources" / "DigitReaderServer" / "openapi.json"
# Per operation; small enough to keep CI quick, enough to try every body type and bad input.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "50"))


def test_the_document_is_valid_openapi_3_1():
    document, _ = read_from_filename(str(DOCUMENT))
    assert document["openapi"].startswith("3.1")
    validate(document)


@pytest.fixture(scope="module")
def server():
    # With an administrator token, so the administration operations exist (and answer 401/403
    # to requests without it).
    server = start_server("contract", "--admin-token", "contract-admin-token")
    yield server
    stop_server(server)


def test_the_server_serves_the_document_kept_in_the_repository(server):
    with urllib.request.urlopen(server.url + "/openapi.json", timeout=10) as response:
        assert json.load(response) == json.loads(DOCUMENT.read_text())


def test_the_live_server_conforms_to_the_document(server):
    """schemathesis: examples, boundary cases and random requests for every operation; no 5xx,
    no status code, content type or body outside the document."""
    executable = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    ARTIFACTS.mkdir(exist_ok=True)
    command = [
        executable, "run", str(DOCUMENT), "--url", server.url,
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--phases", "examples,coverage,fuzzing", "--max-examples", str(MAX_EXAMPLES), "--seed", "1",
        "--generation-database", "none", "--request-timeout", "30", "--no-color",
        "--report", "junit", "--report-dir", str(ARTIFACTS / "schemathesis"),
    ]
    result = subprocess.run(command, cwd=ARTIFACTS, capture_output=True, text=True, timeout=600)
    print(result.stdout[-4000:])
    assert result.returncode == 0, f"schemathesis found answers outside the contract:\n{result.stdout[-20000:]}\n{result.stderr[-4000:]}"
