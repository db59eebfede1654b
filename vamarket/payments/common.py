"""Shared helpers of the money flows: row locks, gateway error translation, ids in metadata."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session, select

from vamarket.errors import NotFound
from vamarket.models import Contract, Milestone, Payment
from vamarket.payments.errors import PaymentRefused, PaymentServiceDown
from vamarket.payments.gateway import PaymentRejected, PaymentUnavailable
from vamarket.payments.records import MilestoneMoney


def lock(session: Session, model, key) -> object:
    """The row of `model` with primary key `key`, locked (SELECT … FOR UPDATE) and fresh."""
    pk = next(iter(model.__table__.primary_key.columns))
    row = session.exec(select(model).where(pk == key).with_for_update()
                       .execution_options(populate_existing=True)).first()
    if row is None:
        raise NotFound()
    return row


def lock_contract(session: Session, contract_id: int) -> Contract:
    """The contract, locked."""
    return lock(session, Contract, contract_id)  # type: ignore[return-value]


def lock_milestone(session: Session, milestone_id: int) -> Milestone:
    """The milestone, locked."""
    return lock(session, Milestone, milestone_id)  # type: ignore[return-value]


def lock_payment(session: Session, payment_id: int) -> Payment:
    """The payment, locked."""
    return lock(session, Payment, payment_id)  # type: ignore[return-value]


def money_of(session: Session, milestone_id: int) -> MilestoneMoney:
    """The milestone's money record (made when missing)."""
    row = session.get(MilestoneMoney, milestone_id)
    if row is None:
        row = MilestoneMoney(milestone_id=milestone_id)
        session.add(row)
        session.flush()
    return row


@contextmanager
def gateway_errors() -> Iterator[None]:
    """Turn the adapter's unavailable / rejected errors into service errors."""
    try:
        yield
    except PaymentUnavailable as error:
        raise PaymentServiceDown(detail=str(error)) from error
    except PaymentRejected as error:
        raise PaymentRefused(detail=str(error)) from error


def transfer_group(contract_id: int) -> str:
    """Stripe's transfer group of a contract's charges and transfers."""
    return f"contract_{contract_id}"


def ids(text: str | None) -> list[int]:
    """Milestone ids from metadata (`"3,4"`)."""
    return [int(part) for part in (text or "").split(",") if part.strip().isdigit()]
