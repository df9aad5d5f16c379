"""python -m access.users: create and manage the dashboard's local accounts.

    python -m access.users aggiungi NOME --ruolo coordinatore   (alias: add NAME --role ...)
    python -m access.users ruolo NOME assemblea                 cambia il profilo
    python -m access.users password NOME                        nuova password
    python -m access.users disattiva NOME | riattiva NOME
    python -m access.users rimuovi NOME
    python -m access.users elenco                               utenti, profili, hash da aggiornare

The password is asked twice without echo; for scripts, ``--password-stdin`` reads it from
standard input. It is never an argument (it would show in the process list and the shell
history). The file is $CRUSCOTTO_UTENTI (default ~/.config/cruscotto/utenti.toml).

There is no unlock command: failed logins only slow down the session and the name that make
them, for at most $CRUSCOTTO_RITARDO_MAX_SECONDI, and nobody is ever locked out (access/throttle.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys

import settings
from access import accounts
from access.passwords import hash_password, weak_reason
from access.roles import LOGGED_IN, ROLE_IT

STDIN_HELP = "legge la password dalla prima riga dello standard input (per gli script)"


_ARGPARSE_IT = (("the following arguments are required", "mancano gli argomenti"),
                ("invalid choice", "scelta non valida"), ("choose from", "ammessi"),
                ("unrecognized arguments", "argomenti non riconosciuti"), ("argument ", "argomento "))


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its headings in Italian, like the rest of the tool."""

    def __init__(self, *args, **kwargs):
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "argomenti", "opzioni"
        self.add_argument("-h", "--help", action="help", help="mostra questo aiuto ed esce")

    def error(self, message: str):
        for english, italian in _ARGPARSE_IT:
            message = message.replace(english, italian)
        self.print_usage(sys.stderr)
        self.exit(2, f"Errore: {message}\n")


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
    ap = _Parser(prog="python -m access.users", description="Utenti del cruscotto.")
    sub = ap.add_subparsers(dest="cmd", required=True, title="comandi", metavar="COMANDO")
    add = sub.add_parser("aggiungi", aliases=["add"], help="crea un utente")
    add.add_argument("nome")
    add.add_argument("--ruolo", "--role", required=True, choices=sorted(LOGGED_IN))
    add.add_argument("--email", default="", help="per l'accesso con il fornitore di identità (OIDC)")
    add.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    role = sub.add_parser("ruolo", aliases=["role"], help="cambia il profilo")
    role.add_argument("nome")
    role.add_argument("ruolo", choices=sorted(LOGGED_IN))
    pw = sub.add_parser("password", help="imposta una nuova password")
    pw.add_argument("nome")
    pw.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    for cmd, alias, what in (("rimuovi", "remove", "cancella l'utente dal file"),
                             ("disattiva", "disable", "rifiuta i suoi accessi, conservando la voce"),
                             ("riattiva", "enable", "riammette un utente disattivato")):
        sub.add_parser(cmd, aliases=[alias], help=what).add_argument("nome")
    sub.add_parser("elenco", aliases=["list"], help="elenca gli utenti")
    args = ap.parse_args(argv)
    settings.for_command_line()
    path = accounts.users_path()
    cmd = {"add": "aggiungi", "role": "ruolo", "remove": "rimuovi", "disable": "disattiva",
           "enable": "riattiva", "list": "elenco"}.get(args.cmd, args.cmd)
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
            print(f"{args.nome}: password cambiata")
        elif cmd in ("disattiva", "riattiva"):
            accounts.update_user(args.nome, path, disabled=cmd == "disattiva")
            print(f"{args.nome}: {'disattivato' if cmd == 'disattiva' else 'riattivato'}")
        elif cmd == "rimuovi":
            accounts.remove_user(args.nome, path)
            print(f"{args.nome}: rimosso")
        else:
            users = accounts.load_users(path)
            if not users:
                print(f"Nessun utente in {path}")
            for u in sorted(users.values(), key=lambda u: u.name):
                off = " · disattivato" if u.disabled else ""
                old = " · hash da aggiornare (al prossimo accesso)" if accounts.outdated_hash(u) else ""
                print(f"{u.name:<24} {u.role:<13}{off}{old}")
    except accounts.AccountError as e:
        print(f"Errore: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
