"""Contract room section: messages between the client and the VA, with files, live."""

from __future__ import annotations

import reflex as rx

from vamarket.pages.contract.messages_state import ROOM_UPLOAD_ID
from vamarket.pages.contract.messages_state import ContractMessagesState as S
from vamarket.pages.messages.views import Conversation, conversation

ON_LOAD: list = [S.load_messages]


def section() -> rx.Component:
    """The conversation of this contract and the reply box."""
    c = Conversation(rows=S.msg_rows, draft=S.msg_draft, sending=S.msg_sending, error=S.msg_error,
                     set_draft=S.set_msg_draft, send=S.send_message, rejected=S.msg_files_rejected,
                     upload_id=ROOM_UPLOAD_ID, list_id="room-messages")
    return rx.cond(S.msg_loaded, rx.card(conversation(c), width="100%", id="room-conversation"),
                   rx.center(rx.spinner(size="2"), width="100%", padding="16px"))
