import logging
import os
import sys

logger = logging.getLogger(__name__)


class Client:
    def __init__(self, api_key: str, password: str):
        self.api_key = api_key
        self._log = logging.getLogger("client")
        # ruleid: credential-logged
        logger.debug(f"Using API key {api_key}")
        # ruleid: credential-logged
        self._log.info("connecting with password %s", password)
        # ruleid: credential-logged
        logging.info("key: " + self.api_key)


def configure(config: dict, token: str, github_token: str):
    # ruleid: credential-logged
    print(f"token={token}", file=sys.stderr)
    # ruleid: credential-logged
    logger.info("GitHub token is {}".format(github_token))
    secret = os.environ["CLIENT_SECRET"]
    # ruleid: credential-logged
    logger.warning("secret: %s", secret)


def safe(token: str, next_token: str, max_tokens: int, api_key: str, secret_name: str):
    # ok: credential-logged
    logger.info("token set: %s", bool(token))
    # ok: credential-logged
    logger.info("token length %d", len(token))
    # ok: credential-logged
    logger.debug(f"Fetching next page with {next_token}")
    # ok: credential-logged
    logger.info("max_tokens=%d", max_tokens)
    # ok: credential-logged
    logger.info("key %s...", api_key[:4])
    # ok: credential-logged
    logger.info(f"using secret {secret_name}")
    # ok: credential-logged
    logger.info("API key configured: %s", api_key is not None)
    # ok: credential-logged
    logger.info("Missing token; set GITHUB_TOKEN")
    # ok: credential-logged
    logger.info(f"token expires at {token.expires_at}")
    # ok: credential-logged
    logger.info("secret %s", mask(api_key))


def from_config(config: dict, creds):
    # ruleid: credential-logged
    logger.debug("db password: %s", config["password"])
    # ok: credential-logged
    logger.debug("db user: %s", config["user"])
    # ok: credential-logged
    logger.info("user %s", creds.credentials.username)


def more(grant_type: str, password: str, has_token: bool, masked_token: str, verbose: bool):
    # ok: credential-logged
    logger.info(f"grant: {'client secret' if grant_type == 'client_credentials' else 'password'}")
    # ok: credential-logged
    logger.debug(f"Password={'SET' if password else 'NOT SET'}")
    # ok: credential-logged
    logger.debug(f"length {len(password) if password else 0}")
    # ok: credential-logged
    logger.debug(f"has token: {has_token}, token: {masked_token}")
    # ruleid: credential-logged
    logger.debug(f"password is {password if verbose else '<hidden>'}")
