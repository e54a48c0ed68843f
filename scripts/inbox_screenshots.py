"""Take the README screenshots of the inbox workflow, in English and Spanish.

Usage: python scripts/inbox_screenshots.py [--lang en|es ...] [--out docs]

On a temporary data folder with the demo inbox (plus a week of seeded demo replies and check
decisions, so the dashboard has something to show), writes per language:
* ``inbox-<lang>.png``: the Unanswered filter with counts, labels, a draft, SLA levels;
* ``notification-<lang>.png``: a new-message notification over the window;
* ``dashboard-<lang>.png``: the coaching dashboard; ``dashboard-hc-<lang>.png`` in the
  high-contrast theme with large text.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LABELS = {"en": (("VIP", "#cc79a7"), ("Refund", "#e69f00"), ("Shipping", "#56b4e9")),
          "es": (("VIP", "#cc79a7"), ("Reembolso", "#e69f00"), ("Envíos", "#56b4e9"))}
DRAFTS = {"en": "Hi! I'm checking your order right now",
          "es": "¡Hola! Ya estoy revisando tu pedido"}
ASKS = {"en": ("Where is my order?", "Can I change the size?", "I want a refund"),
        "es": ("¿Dónde está mi pedido?", "¿Puedo cambiar la talla?", "Quiero un reembolso")}
KINDS = (("sensitive", "payment_card"), ("tone", "blame"), ("emoji", "risky_emoji"),
         ("tone", "dismissive"), ("sensitive", "phone"), ("tone", "too_informal"))
REASONS = {"en": ("Customer asked for the last digits", "Quoting the customer's words"),
           "es": ("El cliente pidió los últimos dígitos", "Cito las palabras del cliente")}


def settle(app: Any, rounds: int = 6) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    for _ in range(rounds):
        app.processEvents()
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def seed_week(store: Any, lang: str, rng: random.Random) -> None:
    """Seven days of answered demo chats and check decisions (clearly demo data)."""
    now = time.time()
    for day in range(7):
        for n in range(rng.randint(6, 14)):
            cid = store.find_or_create_conversation(
                "whatsapp", f"Demo {day}-{n}", f"demo-week-{lang}-{day}-{n}", lang=lang)
            asked = now - (day + 1) * 86400 + rng.uniform(9 * 3600, 17 * 3600) - 86400 * 0.2
            store.add_message(cid, "in", "Demo", rng.choice(ASKS[lang]), asked, "received")
            store.add_message(cid, "out", "Marta", "OK", asked + rng.uniform(60, 60 * (
                25 + 10 * (day % 3))), "read")
            store.set_done(cid, True)
            for _ in range(rng.randint(0, 3)):
                check, kind = rng.choice(KINDS)
                action = rng.choice(("shown", "shown", "shown", "fixed", "fixed", "overridden",
                                     "reported"))
                reason = rng.choice(REASONS[lang]) if action == "overridden" else ""
                event = store.record_check_event(cid, check, kind, "warning", action,
                                                 excerpt="…", reason=reason)
                store._conn.execute("UPDATE check_events SET created_at = ? WHERE id = ?",
                                    (asked + 120, event))


def shoot(lang: str, out_dir: Path) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    from deskreply.settings import Settings, save_settings
    from deskreply.ui import create_main_window, theme
    from deskreply.ui.dashboard.dialog import DashboardDialog
    from deskreply.ui.tray import Notice, NotificationCard

    app = QApplication.instance() or QApplication(["deskreply"])
    rng = random.Random(14)
    with tempfile.TemporaryDirectory(prefix="deskreply-inbox-shot-") as data:
        from deskreply.paths import app_paths

        save_settings(app_paths(data).settings_file, Settings(agent_name="Marta",
                                                              sla_amber_minutes=90,
                                                              sla_red_minutes=300))
        window = create_main_window(data, lang, notify=lambda *a: print(*a),
                                    start_checks=False, start_channels=False)
        store, part = window.store, window.inbox_part
        labels = [store.add_label(name, colour) for name, colour in LABELS[lang]]
        ids = store.filtered_ids(part.filter_bar.current())
        for cid, label in zip(ids[:5], [labels[0], labels[1], labels[2], labels[1], labels[0]],
                              strict=False):
            store.set_labels(cid, [label])
        store.set_labels(ids[0], [labels[0], labels[1]])
        store.save_draft(ids[2], DRAFTS[lang])
        store.set_claim(ids[1], "Marta")
        seed_week(store, lang, rng)
        window.resize(1280, 780)
        window.reload_list()
        part.refresh_counts()
        window.show()
        settle(app)
        window.select_conversation(ids[1])
        part.show_contact_panel()
        settle(app)
        out_dir.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out_dir / f"inbox-{lang}.png"))

        row = store.conversation(ids[3])
        text = store.messages(ids[3])[-1].text
        notice = part.tray.new_message(ids[3], row.contact_name, text) or Notice("", "", 0)
        card = NotificationCard()
        card.title_label.setText(notice.title)
        card.body_label.setText(notice.body)
        card.adjustSize()
        shot = window.grab()
        painter = QPainter(shot)
        painter.drawPixmap(QPoint(shot.width() - card.width() - 24,
                                  shot.height() - card.height() - 48), card.grab())
        painter.end()
        shot.save(str(out_dir / f"notification-{lang}.png"))
        card.deleteLater()

        for name, theme_name, scale in (("dashboard", "standard", 1.0),
                                        ("dashboard-hc", "high_contrast", 1.3)):
            theme.apply_theme(app, theme_name, scale)
            dialog = DashboardDialog(store.path, window.settings, part._, window, lang=lang)
            dialog.resize(980, 1100 if scale > 1 else 900)
            dialog.show()
            while dialog.board is None:
                settle(app, 1)
            settle(app)
            dialog.grab().save(str(out_dir / f"{name}-{lang}.png"))
            dialog.close()
            settle(app, 2)
        theme.apply_theme(app, "standard", 1.0)
        window.close()
        window.deleteLater()
        settle(app, 2)
    for name in ("inbox", "notification", "dashboard", "dashboard-hc"):
        print(f"wrote {out_dir / f'{name}-{lang}.png'}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=["en", "es"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    for lang in args.lang or ["en", "es"]:
        shoot(lang, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
