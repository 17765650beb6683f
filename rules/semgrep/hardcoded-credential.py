import os

import psycopg2
import requests

# ruleid: hardcoded-credential
DB_PASSWORD = "s3cr3t-Passw0rd!"
# ruleid: hardcoded-credential
GITHUB_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
# ruleid: hardcoded-credential
aws_key = "AKIAQWERTYUIOPASDFGH"
# ruleid: hardcoded-credential
OPENAI = "sk-proj-4f9Qm2LrT8vX1bN6cZ0aW3eY7uK5iH2gJ9dS"
# ruleid: hardcoded-credential
DSN = "postgresql://app:Tr0ub4dor3@db.internal:5432/app"


class Settings:
    # ruleid: hardcoded-credential
    api_key: str = "a8f5f167f44f4964e6c998dee827110c"

    def __init__(self):
        # ruleid: hardcoded-credential
        self.client_secret = "9d3b7c1e5a2f4d8b"


def connect(host: str):
    # ruleid: hardcoded-credential
    conn = psycopg2.connect(host=host, user="app", password="hunter2hunter2")
    # ruleid: hardcoded-credential
    headers = {"api_key": "Zx81kLm29Qw7Rt45"}
    return conn, requests.get("https://api.example.org", headers=headers)


# ruleid: hardcoded-credential
def login(user: str, password: str = "Adm1n!2024pass"):
    return user, password


class OAuthSettings:
    # ruleid: hardcoded-credential
    TOKEN_SECRET_KEY: str = "my-mcp-server-secret-key"
    # ok: hardcoded-credential
    TOKEN_ALGORITHM: str = "HS256"


# ruleid: hardcoded-credential
ROOT_PASSWORD = os.getenv("ROOT_PASSWORD", "password")
# ruleid: hardcoded-credential
SERVICE_TOKEN = os.environ.get("SERVICE_TOKEN", "svc-token-2024")


# --- safe ---------------------------------------------------------------------------------
# ok: hardcoded-credential
PASSWORD = os.environ["DB_PASSWORD"]
# ok: hardcoded-credential
DB_PASSWORD_FALLBACK = os.getenv("DB_PASSWORD", "")
# ok: hardcoded-credential
API_TOKEN = os.getenv("API_TOKEN", "<set me>")
# ok: hardcoded-credential
TOKEN_TYPE = os.getenv("TOKEN_TYPE", "bearer")
# ok: hardcoded-credential
csrf_token = os.environ.get("WIKI_CSRF_TOKEN", "q7Rm2VtLx9KpZ4sW:1800000000111")
# ruleid: hardcoded-credential
auth_token = os.environ.get("WIKI_AUTH_TOKEN", "q7Rm2VtLx9KpZ4sW:1800000000111")
# ruleid: hardcoded-credential
csrf_key = os.environ.get("WTF_CSRF_SECRET_KEY", "f3Jw8QnB5yHc1Ud6")
# ruleid: hardcoded-credential
csrf_secret = os.getenv("CSRF_SECRET", "Zp4Lk9Wm2Rt7Vx1Q")
# ok: hardcoded-credential
JWT_SECRET_KEY = "JWT_SECRET_KEY"
# ok: hardcoded-credential
jwt_secret = "your-jwt-secret-here"
# ok: hardcoded-credential
API_KEY = ""
# ok: hardcoded-credential
token = "changeme"
# ok: hardcoded-credential
SECRET_KEY = "your-secret-key-here"
# ok: hardcoded-credential
api_key = "OPENAI_API_KEY"
# ok: hardcoded-credential
next_token = "eyJwYWdlIjoyfQ2024"
# ok: hardcoded-credential
token_type = "bearer"
# ok: hardcoded-credential
password = "<your password>"
# ok: hardcoded-credential
EXAMPLE_AWS = "AKIAIOSFODNN7EXAMPLE"
# ok: hardcoded-credential
DOC_AWS = "AKIA5EXAMPLE12345678"
SERVICES = {
    "mail": {
        "name": "Mail",
        # ruleid: hardcoded-credential
        "api_key": "epro_api_5f4e9b2c7d1a",
    },
}
# ok: hardcoded-credential
LOCAL_DSN = "postgresql://postgres:postgres@localhost:5432/dev"
# ok: hardcoded-credential
TEMPLATE_DSN = "mysql://{user}:{password}@{host}/db"
# ok: hardcoded-credential
PLACEHOLDER = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: hardcoded-credential
credentials = "client_credentials"
# ok: hardcoded-credential
secret_path = "/run/secrets/db"
# ok: hardcoded-credential
client_token = "update-token-123"
# ok: hardcoded-credential
run_token = "12345678-1234-1234-1234-123456789012"
# ok: hardcoded-credential
sequence_token = "seqPage1Token"
# ok: hardcoded-credential
TEST_PASSWORD = "Passw0rd!2024"  # pragma: allowlist secret
DETECTORS = {
    # ok: hardcoded-credential
    "aws_access_key": r"(?<![A-Z0-9])[A-Z0-9]{20}(?![A-Z0-9])",
    # ok: hardcoded-credential
    "api_key": r"[a-f0-9]{32}",
}


class ParameterType:
    # ok: hardcoded-credential
    PASSWORD = "PasswordParameterDefinition"
    # ok: hardcoded-credential
    CREDENTIALS = "CredentialsParameterDefinition"
    # ruleid: hardcoded-credential
    TOKEN = "TokenValueXy7Definitions"


LLM_CONFIG = {
    # ok: hardcoded-credential
    "api_key": "env:OPENAI_API_KEY",
    # ok: hardcoded-credential
    "token": "$GITHUB_TOKEN_VALUE",
    # ok: hardcoded-credential
    "secret": "vault://kv/app/secret",
    # ruleid: hardcoded-credential
    "password": "env:Tr0ub4dor&3x",
}
