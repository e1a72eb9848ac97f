"""Login, sessions and accounts for the workspace."""

import sqlalchemy as sa

from web import appdb, auth


def post_login(client, csrf, username, password, path="/login"):
    return client.post(path, data={"gebruikersnaam": username, "wachtwoord": password,
                                   "csrf_token": csrf(client)})


def test_login_lands_on_the_workspace_for_staff_and_on_beheer_for_editors(app, staff, csrf):
    client = app.test_client()
    answer = post_login(client, csrf, "consulent", auth.DEMO_PASSWORD)
    assert answer.status_code == 302 and answer.headers["Location"] == "/werkplek/"
    client = app.test_client()
    assert post_login(client, csrf, "redacteur", auth.DEMO_PASSWORD).headers["Location"] == "/beheer/"


def test_wrong_password_and_unknown_user_get_the_same_answer(app, staff, csrf):
    client = app.test_client()
    wrong = post_login(client, csrf, "consulent", "fout-wachtwoord")
    unknown = post_login(client, csrf, "niemand", "fout-wachtwoord")
    assert wrong.status_code == unknown.status_code == 401
    assert "klopt niet" in wrong.get_data(as_text=True)
    assert client.get("/werkplek/").status_code == 302


def test_too_many_failures_lock_the_account_for_a_while(app, staff, csrf):
    client = app.test_client()
    for _ in range(auth.MAX_FAILURES):
        post_login(client, csrf, "consulent", "fout-wachtwoord")
    locked = post_login(client, csrf, "consulent", auth.DEMO_PASSWORD)
    assert locked.status_code == 429


def test_login_without_csrf_token_is_refused(app, staff):
    client = app.test_client()
    answer = client.post("/login", data={"gebruikersnaam": "consulent", "wachtwoord": auth.DEMO_PASSWORD})
    assert answer.status_code == 400


def test_passwords_are_stored_hashed(app, staff):
    with app.app_context(), appdb.engine().connect() as conn:
        stored = conn.execute(sa.select(appdb.users.c.password_hash)).scalars().all()
    assert stored and all(h.startswith("scrypt:") and auth.DEMO_PASSWORD not in h for h in stored)


def test_login_starts_a_fresh_session(app, staff, csrf):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user"] = "beheerder"  # planted before login (session fixation)
        session["iets"] = "van tevoren"
    post_login(client, csrf, "consulent", auth.DEMO_PASSWORD)
    with client.session_transaction() as session:
        assert session["user"] == "consulent" and "iets" not in session


def test_a_forged_session_without_the_right_version_is_not_signed_in(app, staff):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user"] = "beheerder"
        session["v"] = 999
    assert client.get("/werkplek/").status_code == 302


def test_logout_and_ending_all_sessions(app, login, csrf):
    client = login(app.test_client(), "consulent")
    assert client.get("/werkplek/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf(client, "/werkplek/")})
    assert client.get("/werkplek/").status_code == 302

    client = login(app.test_client(), "consulent")
    with app.app_context():
        auth.end_sessions("consulent")  # e.g. a lost laptop
    assert client.get("/werkplek/").status_code == 302


def test_no_open_redirect_after_login(app, staff, csrf):
    client = app.test_client()
    answer = post_login(client, csrf, "consulent", auth.DEMO_PASSWORD, path="/login?volgende=//evil.example/x")
    assert answer.headers["Location"] == "/werkplek/"
    client = app.test_client()
    answer = post_login(client, csrf, "consulent", auth.DEMO_PASSWORD, path="/login?volgende=/werkplek/wachtrij")
    assert answer.headers["Location"] == "/werkplek/wachtrij"


def test_deactivated_users_cannot_log_in(app, staff, csrf):
    with app.app_context(), appdb.engine().begin() as conn:
        conn.execute(appdb.users.update().where(appdb.users.c.username == "consulent").values(active=False))
    assert post_login(app.test_client(), csrf, "consulent", auth.DEMO_PASSWORD).status_code == 401


def test_cli_creates_demo_users_and_checks_new_ones(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-demo-users"])
    assert result.exit_code == 0 and "consulent-helmond" in result.output
    result = runner.invoke(args=["create-user", "kees", "--name", "Kees", "--role", "tovenaar",
                                 "--password", "lang-genoeg-wachtwoord"])
    assert result.exit_code != 0
    result = runner.invoke(args=["create-user", "kees", "--name", "Kees", "--role", "consulent",
                                 "--areas", "Asten", "--password", "kort"])
    assert result.exit_code != 0 and "10 tekens" in result.output
    result = runner.invoke(args=["create-user", "kees", "--name", "Kees", "--role", "consulent",
                                 "--areas", "Asten", "--password", "lang-genoeg-wachtwoord"])
    assert result.exit_code == 0
    with app.app_context():
        assert auth.get_user("kees")["areas"] == "Asten"


def test_demo_users_can_be_switched_off(app):
    app.config["DEMO_USERS_ALLOWED"] = False
    result = app.test_cli_runner().invoke(args=["create-demo-users"])
    assert result.exit_code != 0


def test_login_page_is_accessible_markup(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<label for="gebruikersnaam">' in html and 'autocomplete="current-password"' in html
    assert 'lang="nl"' in html


def test_a_copied_session_cookie_stops_working_after_logout(app, login, csrf):
    client = login(app.test_client(), "consulent")
    cookie = client.get_cookie("session").value
    client.post("/logout", data={"csrf_token": csrf(client, "/werkplek/")})
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/api/v1/handovers").status_code == 401


def test_failed_logins_from_elsewhere_do_not_lock_out_the_consultant(app, staff, csrf):
    attacker = app.test_client()
    for _ in range(auth.MAX_FAILURES + 1):
        attacker.post("/login", data={"gebruikersnaam": "consulent", "wachtwoord": "raden",
                                      "csrf_token": csrf(attacker)}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    own = app.test_client()
    answer = own.post("/login", data={"gebruikersnaam": "consulent", "wachtwoord": auth.DEMO_PASSWORD,
                                      "csrf_token": csrf(own)})
    assert answer.status_code == 302
