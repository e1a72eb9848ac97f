"""Who may do what in the workspace: accounts, login, sessions and the role guard.

Roles: ``consulent`` (handovers of their municipalities), ``luisteraar`` (only the anonymous
queue, never contact data), ``redacteur`` (the social map) and ``beheerder`` (everything).
Passwords are stored as salted scrypt hashes; logging in starts a fresh session, and bumping a
user's ``session_version`` ends every session they have open.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import click
import sqlalchemy as sa
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.cli import with_appcontext
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from . import appdb
from .errors import json_error

bp = Blueprint("auth", __name__)

ROLES = ("consulent", "luisteraar", "redacteur", "beheerder")
ROLE_LABELS = {"consulent": "Wmo-consulent", "luisteraar": "Luisteraar", "redacteur": "Redacteur",
               "beheerder": "Beheerder"}
ALL_AREAS = "*"
DEMO_PASSWORD = "wegwijs-demo"
DEMO_USERS = (
    ("consulent", "Sanne de Vries", "consulent", "Deurne|Asten|Someren|Gemert-Bakel|Laarbeek"),
    ("consulent-helmond", "Ahmed Yilmaz", "consulent", "Helmond"),
    ("luisteraar", "Joke van Dijk", "luisteraar", ALL_AREAS),
    ("redacteur", "Peter Jansen", "redacteur", ALL_AREAS),
    ("beheerder", "Fatima El Amrani", "beheerder", ALL_AREAS),
)
MAX_FAILURES = 5
LOCK_SECONDS = 300
# Failed logins per account and address, in the app database: a restart (or another web process)
# does not lift a lockout. Rows older than LOCK_SECONDS are deleted as new failures come in.
login_failures = sa.Table(
    "login_failure", appdb.metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), index=True, nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)


# -- accounts ---------------------------------------------------------------------------------

def create_user(username: str, name: str, role: str, areas: str, password: str) -> None:
    if role not in ROLES:
        raise ValueError(f"Onbekende rol {role!r}; kies uit {', '.join(ROLES)}.")
    if len(password) < 10:
        raise ValueError("Een wachtwoord heeft minstens 10 tekens.")
    values = {"name": name, "role": role, "areas": areas, "active": True,
              "password_hash": generate_password_hash(password, method="scrypt")}
    with appdb.engine().begin() as conn:
        exists = conn.execute(sa.select(appdb.users.c.username)
                              .where(appdb.users.c.username == username)).first()
        if exists:
            conn.execute(appdb.users.update().where(appdb.users.c.username == username)
                         .values(session_version=appdb.users.c.session_version + 1, **values))
        else:
            conn.execute(appdb.users.insert().values(username=username, session_version=1, **values))


def get_user(username: str) -> dict | None:
    with appdb.engine().connect() as conn:
        row = conn.execute(sa.select(appdb.users).where(appdb.users.c.username == username)).mappings().first()
    if row is None:
        return None
    user = dict(row)
    user.pop("password_hash")
    user["role_label"] = ROLE_LABELS.get(user["role"], user["role"])
    return user


def user_areas(user: dict) -> list[str] | None:
    """The municipalities a user works for; None means all of them."""
    areas = [a.strip() for a in (user.get("areas") or "").split("|") if a.strip()]
    return None if ALL_AREAS in areas or user["role"] == "beheerder" else areas


def end_sessions(username: str) -> None:
    """Every session of this user stops working, and their open workspace sockets are closed."""
    from .realtime import disconnect_user

    with appdb.engine().begin() as conn:
        conn.execute(appdb.users.update().where(appdb.users.c.username == username)
                     .values(session_version=appdb.users.c.session_version + 1))
    disconnect_user(username)


def mark_seen(username: str) -> None:
    with appdb.engine().begin() as conn:
        conn.execute(appdb.users.update().where(appdb.users.c.username == username)
                     .values(last_seen=appdb.now()))


def _check_password(username: str, password: str) -> dict | None:
    with appdb.engine().connect() as conn:
        row = conn.execute(sa.select(appdb.users).where(appdb.users.c.username == username)).mappings().first()
    if row is None or not row["active"]:
        check_password_hash(generate_password_hash("x", method="scrypt"), password)  # same time either way
        return None
    return get_user(username) if check_password_hash(row["password_hash"], password) else None


def _failure_key(username: str) -> str:
    """Per account and address: a stranger elsewhere cannot lock a consultant out by guessing."""
    return f"{username[:120]}|{request.remote_addr}"


def _locked(key: str) -> bool:
    since = time.time() - LOCK_SECONDS
    with appdb.engine().connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(login_failures)
                             .where(login_failures.c.key == key, login_failures.c.at > since)).scalar_one()
    return count >= MAX_FAILURES


def _record_failure(key: str) -> None:
    now = time.time()
    with appdb.engine().begin() as conn:
        conn.execute(login_failures.delete().where(login_failures.c.at <= now - LOCK_SECONDS))  # stays small
        conn.execute(login_failures.insert().values(key=key, at=now))


def _clear_failures(key: str) -> None:
    with appdb.engine().begin() as conn:
        conn.execute(login_failures.delete().where(login_failures.c.key == key))


# -- the session --------------------------------------------------------------------------------

def current_user() -> dict | None:
    """The signed-in, still active user of this request, or None."""
    if "user" not in g:
        user = None
        username = session.get("user")
        if username:
            candidate = get_user(username)
            if candidate and candidate["active"] and candidate["session_version"] == session.get("v"):
                user = candidate
        g.user = user
    return g.user


def login_required(*roles: str) -> Callable:
    """Only signed-in users with one of `roles` (any role when none is given) reach the view."""
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            is_api = request.path.startswith("/api/")
            if user is None:
                if is_api:
                    return json_error(401, _("Log eerst in."))
                return redirect(url_for("auth.login", volgende=request.full_path.rstrip("?")))
            if roles and user["role"] not in roles and user["role"] != "beheerder":
                if is_api:
                    return json_error(403, _("U heeft geen toegang tot dit onderdeel."))
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def _safe_next(target: str | None, role: str) -> str:
    """Only paths on this site: an open redirect after login would help phishers."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("beheer.index") if role == "redacteur" else url_for("werkplek.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    status = 200
    if request.method == "POST":
        username = request.form.get("gebruikersnaam", "").strip().lower()
        password = request.form.get("wachtwoord", "")
        if not username or not password:
            error, status = _("Vul uw gebruikersnaam en wachtwoord in."), 400
        elif _locked(_failure_key(username)):
            error, status = _("Te veel mislukte pogingen. Probeer het over 5 minuten opnieuw."), 429
        else:
            user = _check_password(username, password)
            if user is None:
                _record_failure(_failure_key(username))
                error, status = _("Gebruikersnaam of wachtwoord klopt niet."), 401
            else:
                _clear_failures(_failure_key(username))
                session.clear()  # a fresh session: nothing from before the login carries over
                session.permanent = True
                session["user"] = user["username"]
                session["v"] = user["session_version"]
                return redirect(_safe_next(request.args.get("volgende"), user["role"]))
    return render_template("auth/login.html", error=error), status


@bp.post("/logout")
def logout():
    """Ends this user's sessions everywhere (a copied cookie stops working) and closes their sockets."""
    user = current_user()
    if user is not None:
        end_sessions(user["username"])
    session.clear()
    flash(_("U bent uitgelogd."))
    return redirect(url_for("auth.login"))


# -- command line -------------------------------------------------------------------------------

@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--areas", default="", help='Municipalities separated by "|", or "*" for all.')
@click.password_option()
def create_user_command(username: str, name: str, role: str, areas: str, password: str) -> None:
    """Create or update a workspace account."""
    try:
        create_user(username.lower(), name, role, areas, password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Account {username} ({role}) is klaar.")


@click.command("create-demo-users")
@with_appcontext
def create_demo_users_command() -> None:
    """The demo accounts of the README (password 'wegwijs-demo'); never on a production server."""
    if not current_app.config.get("DEMO_USERS_ALLOWED", True):
        raise click.ClickException("Demo-accounts zijn uitgezet (WEGWIJS_DEMO_USERS_ALLOWED=false).")
    for username, name, role, areas in DEMO_USERS:
        create_user(username, name, role, areas, DEMO_PASSWORD)
        click.echo(f"{username:18} {role:11} {areas}")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_demo_users_command)

    @app.context_processor
    def inject_user() -> dict:
        return {"current_user": current_user()}
