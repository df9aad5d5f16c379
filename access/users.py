"""python -m access.users: create and manage the dashboard's local accounts.

    python -m access.users aggiungi NOME --ruolo coordinatore   (alias: add NAME --role ...)
    python -m access.users ruolo NOME assemblea                 cambia il profilo
    python -m access.users password NOME                        nuova password
    python -m access.users disattiva NOME | riattiva NOME
    python -m access.users rimuovi NOME
    python -m access.users sblocca NOME                         azzera i tentativi falliti
    python -m access.users elenco

The password is asked twice without echo; for scripts, ``--password-stdin`` reads it from
standard input. It is never an argument (it would show in the process list and the shell
history). The file is $CRUSCOTTO_UTENTI (default ~/.config/cruscotto/utenti.toml).
"""

from __future__ import annotations

import argparse
import getpass
import sys

import settings
from access import accounts
from access.passwords import hash_password, weak_reason
from access.roles import LOGGED_IN, ROLE_IT


def _password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Ripeti la password: ") != password:
            raise accounts.AccountError("le due password non coincidono")
    reason = weak_reason(password)
    if reason:
        raise accounts.AccountError(reason)
    return password


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m access.users", description="Utenti del cruscotto.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    add = sub.add_parser("aggiungi", aliases=["add"], help="crea un utente")
    add.add_argument("nome")
    add.add_argument("--ruolo", "--role", required=True, choices=sorted(LOGGED_IN))
    add.add_argument("--email", default="", help="per l'accesso con il fornitore di identità (OIDC)")
    add.add_argument("--password-stdin", action="store_true")
    role = sub.add_parser("ruolo", aliases=["role"], help="cambia il profilo")
    role.add_argument("nome")
    role.add_argument("ruolo", choices=sorted(LOGGED_IN))
    pw = sub.add_parser("password", help="imposta una nuova password")
    pw.add_argument("nome")
    pw.add_argument("--password-stdin", action="store_true")
    for cmd, alias in (("rimuovi", "remove"), ("sblocca", "unlock"), ("disattiva", "disable"),
                       ("riattiva", "enable")):
        sub.add_parser(cmd, aliases=[alias]).add_argument("nome")
    sub.add_parser("elenco", aliases=["list"], help="elenca gli utenti")
    args = ap.parse_args(argv)
    settings.for_command_line()
    path = accounts.users_path()
    cmd = {"add": "aggiungi", "role": "ruolo", "remove": "rimuovi", "unlock": "sblocca",
           "disable": "disattiva", "enable": "riattiva", "list": "elenco"}.get(args.cmd, args.cmd)
    try:
        if cmd == "aggiungi":
            accounts.check_name(args.nome)
            accounts.add_user(args.nome, args.ruolo, _password(args), path, email=args.email)
            print(f"Creato {args.nome} ({ROLE_IT[args.ruolo]}) in {path}")
        elif cmd == "ruolo":
            accounts.update_user(args.nome, path, role=args.ruolo)
            print(f"{args.nome}: ora {ROLE_IT[args.ruolo]} (vale dal prossimo clic)")
        elif cmd == "password":
            accounts.update_user(args.nome, path, password_hash=hash_password(_password(args)))
            accounts.unlock(args.nome, path)
            print(f"{args.nome}: password cambiata")
        elif cmd in ("disattiva", "riattiva"):
            accounts.update_user(args.nome, path, disabled=cmd == "disattiva")
            print(f"{args.nome}: {'disattivato' if cmd == 'disattiva' else 'riattivato'}")
        elif cmd == "rimuovi":
            accounts.remove_user(args.nome, path)
            print(f"{args.nome}: rimosso")
        elif cmd == "sblocca":
            done = accounts.unlock(args.nome, path)
            print(f"{args.nome}: {'sbloccato' if done else 'nessun tentativo fallito registrato'}")
        else:
            users = accounts.load_users(path)
            if not users:
                print(f"Nessun utente in {path}")
            for u in sorted(users.values(), key=lambda u: u.name):
                lock = " · bloccato" if accounts.locked_until(u.name, path) else ""
                off = " · disattivato" if u.disabled else ""
                print(f"{u.name:<24} {u.role:<13}{off}{lock}")
    except accounts.AccountError as e:
        print(f"Errore: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
