"""The name and pattern sections of the models (secret names, redaction and mask text, regex
compilers, joins, request credentials, resource templates, test switches, record classes...),
loaded into :class:`~mcpaudit.catalog.models.Models` fields."""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, List


class NameRows:
    """Mixed into the model loader: the ``section_*`` methods of name lists and patterns."""

    def section_resource_templates(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self.add("one_segment_frameworks", value.get("one-segment", ()))
        self.add("template_relaxers", value.get("relaxed-by", ()))

    def section_request_credentials(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        for attr, key in (("credential", "keywords"), ("header", "headers"), ("query", "query")):
            self.add(f"request_{attr}_keywords", value.get(key, ()))
        self.add("in_process_transports", value.get("in-process-transports", ()))
        self.add("request_senders", value.get("senders", ()))
        self.add("absolute_url_clients", value.get("absolute-url-clients", ()))
        if value.get("caller-held"):
            self.m.caller_held = re.compile(value["caller-held"])
        if value.get("credential-headers"):
            self.m.credential_headers = re.compile(value["credential-headers"])

    def section_joins(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self.add("joins", value.get("calls", ()))
        self.add("join_methods", value.get("methods", ()))
        self.add("concat_joins", value.get("concatenating", ()))
        if value.get("owned-folders"):
            self.m.owned_folder = re.compile(value["owned-folders"])

    def section_code_documents(self, value: List[str], name: str, section: str) -> None:
        self.add("code_documents", value)

    def section_toplevel_commands(self, value: List[str], name: str, section: str) -> None:
        self.add("toplevel_commands", [tuple(v.split()) for v in value])

    def section_test_switches(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self._name_table(self.m.test_switches, value)

    def section_record_classes(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self._name_table(self.m.record_classes, value)

    def section_container_commands(self, value: Dict[str, Dict[str, object]], name: str, section: str) -> None:
        """``methods``: a container command method -> its receiver types; ``remote-keywords``:
        ``Callee.keyword`` -> what the path names (bandit_incontainer.py, bandit_remotepaths.py)."""
        self._name_table(self.m.container_commands, value.get("methods", {}))
        for key, what in value.get("remote-keywords", {}).items():
            callee, _, keyword = key.rpartition(".")
            self.m.remote_paths[(callee, keyword)] = str(what)

    @staticmethod
    def _name_table(table: Dict[str, FrozenSet[str]], value: Dict[str, List[str]]) -> None:
        """A section that maps a key to names: each file adds its names to the key's set."""
        for key, names in value.items():
            table[key] = table.get(key, frozenset()) | frozenset(names)

    def section_regex(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self.add("regex_compilers", value.get("compilers", ()))
        self.add("regex_modules", value.get("modules", ()))

    def section_redaction_names(self, value: str, name: str, section: str) -> None:
        self.m.redaction_names = re.compile(value)

    def section_mask_text(self, value: str, name: str, section: str) -> None:
        self.m.mask_text = re.compile(value)

    def section_fresh_secrets(self, value: Dict[str, object], name: str, section: str) -> None:
        self.m.fresh_secret_calls = re.compile(str(value["calls"]))
        self.add("stdout_prints", value.get("stdout", ()))

    def section_own_records(self, value: Dict[str, str], name: str, section: str) -> None:
        self.m.own_record_calls, self.m.own_record_ids = re.compile(value["calls"]), re.compile(value["id-fields"])

    def section_secret_names(self, value: Dict[str, str], name: str, section: str) -> None:
        self.m.secret_name, self.m.not_secret_name = re.compile(value["pattern"]), re.compile(value["except"])
        for key, attr in (("not-under", "not_secret_parent"), ("location", "location_name"),
                          ("public-keys", "public_key_name"), ("attack-tools", "attack_tool"),
                          ("public-halves", "public_half_name"), ("label-fields", "label_fields"),
                          ("field-key-calls", "field_key_calls"), ("public-returns", "public_return_name"),
                          ("auth-words", "auth_words")):
            if key in value:
                setattr(self.m, attr, re.compile(value[key]))
        if value.get("predicate-suffixes"):
            self.m.predicate_suffix = predicate_suffix(value["predicate-suffixes"])
        ids = value.get("key-ids")
        if isinstance(ids, dict):
            self.m.key_id_names = (re.compile(ids["names"]), re.compile(ids["under"]))
        pages = value.get("page-records")
        if isinstance(pages, dict):
            self.m.page_records = (re.compile(pages["names"]), re.compile(pages["fields"]))
            if all(k in pages for k in ("calls", "args", "attrs")):
                self.m.page_calls = (re.compile(pages["calls"]), re.compile(pages["args"]), re.compile(pages["attrs"]))
        rows = value.get("record-rows")
        if isinstance(rows, dict):  # a bare token of a parsed record's row (recordrows.py)
            self.m.record_rows = (re.compile(rows["keys"]), re.compile(rows["loads"]), re.compile(rows["auth"]))
        assets = value.get("asset-records")
        if isinstance(assets, dict):
            self.m.asset_records = (re.compile(assets["names"]), re.compile(assets["fields"]))
        envs = [f"(?:{value[k]})" for k in ("state-env", "path-env") if k in value]  # PWD; a key file's path
        self.m.state_env = re.compile("|".join(envs)) if envs else self.m.state_env


def predicate_suffix(words: List[str]) -> "re.Pattern[str]":
    """A secret-named name's last word (after ``_``, ``-`` or a camelCase hump) that says it
    holds a yes/no or a number about the secret, never the secret: ``apiKeyRequired``,
    ``token_present``, ``passwordLength`` (secrets.yaml ``predicate-suffixes``, the same list in
    both languages' models)."""
    alts = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?:[_-]|(?<=[a-z0-9])(?=[A-Z]))(?i:{alts})$")


def key_id_read(m, parts) -> bool:
    """A dotted read whose last name is an access key and some enclosing name says AWS
    (``awsAccount.AccessKey``): the access key id (secrets.yaml ``key-ids``)."""
    ids = m.__dict__.get("key_id_names")
    return ids is not None and bool(ids[0].search(parts[-1])) and any(ids[1].search(p) for p in parts[:-1])
