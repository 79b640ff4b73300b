#!/usr/bin/env python3
"""Delivery counter of ./preau bench mail (run by mail.sh, not alone).

  mail-count.py imap HOST PORT PASSWORD TARGET READY USER...  waits until TARGET more messages are in the USERs'
      INBOXes (IMAP STATUS MESSAGES, one logged-in connection per user, polled every 0.25 s)
  mail-count.py maildir ROOT TARGET READY USER...            the same, counting the files of ROOT/USER/{new,cur}
  mail-count.py status HOST PORT PASSWORD USER...            prints the USERs' INBOX total once

The waiting modes count the baseline first, then create the file READY (the bench starts its senders after it), wait
for the file READY.go (the bench creates it once every sender has finished: no message can be missing before, and
polling a server while it receives would load it — IMAP STATUS is not free, a Maildir listing costs Dovecot nothing),
then poll and print "DONE <epoch seconds> <delivered>" when the target is reached; after BENCH_MAIL_TIMEOUT seconds (900) without
it, they print what arrived to stderr and exit 1. A message counts only once it is in the mailbox, not at SMTP 250.
"""
import imaplib
import os
import sys
import time

POLL = 0.25


def imap_counter(host, port, password, users):
    conns = []
    for user in users:
        c = imaplib.IMAP4(host, int(port))
        c.login(user, password)
        conns.append(c)

    def total():
        n = 0
        for c in conns:
            typ, data = c.status("INBOX", "(MESSAGES)")
            if typ != "OK":
                raise SystemExit("STATUS INBOX : %s %s" % (typ, data))
            n += int(data[0].decode().rsplit("MESSAGES", 1)[1].strip(" ()"))
        return n

    return total, conns


def maildir_counter(root, users):
    def total():
        n = 0
        for user in users:
            for sub in ("new", "cur"):
                try:
                    n += sum(1 for e in os.scandir(os.path.join(root, user, sub)) if e.is_file())
                except FileNotFoundError:
                    pass
        return n

    return total


def wait(total, target, ready):
    base = total()
    open(ready, "w").close()
    deadline = time.time() + float(os.environ.get("BENCH_MAIL_TIMEOUT", "900"))
    got = 0
    while not os.path.exists(ready + ".go") and time.time() < deadline:
        time.sleep(0.02)
    while time.time() < deadline:
        got = total() - base
        if got >= target:
            print("DONE %.3f %d" % (time.time(), got), flush=True)
            return 0
        time.sleep(POLL)
    print("bench mail : %d messages sur %d arrivés dans les boîtes au bout du délai" % (got, target), file=sys.stderr)
    return 1


def main(argv):
    mode = argv[1]
    if mode == "imap":
        total, conns = imap_counter(argv[2], argv[3], argv[4], argv[7:])
        rc = wait(total, int(argv[5]), argv[6])
        for c in conns:
            c.logout()
        return rc
    if mode == "maildir":
        return wait(maildir_counter(argv[2], argv[5:]), int(argv[3]), argv[4])
    if mode == "status":
        total, conns = imap_counter(argv[2], argv[3], argv[4], argv[5:])
        print(total())
        for c in conns:
            c.logout()
        return 0
    raise SystemExit("mode inconnu : " + mode)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
