"""Who a case file's people are, in the importing unit.

A file names people by its own ids. An officer is matched by the number of his
enforcement certificate among the people of the importer's reach; anyone else
is recorded as an inactive person of the case's unit, so the history can name
them without anyone signing in as them. A file's id is never taken for the
username of an account: "officer1" in another bureau's file is not our officer1.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from caseflow.casefile.vocabulary import PERSON_KEYS
from caseflow.engine.errors import Conflict
from caseflow.engine.record import CaseRecord, Person
from caseflow.models import Certificate, Unit, User


def match_people(
    session: Session, record: CaseRecord, unit: Unit, reach: set[int]
) -> dict[str, User]:
    """The user each of the file's people is, by the file's id."""
    return {pid: _person(session, person, unit, reach) for pid, person in record.people.items()}


def _person(session: Session, person: Person, unit: Unit, reach: set[int]) -> User:
    if person.certificate is not None:
        holder = session.scalar(
            select(User).join(Certificate).where(Certificate.number == person.certificate.number)
        )
        if holder is not None:
            if holder.unit_id in reach:
                return holder
            # Certificate numbers are unique: the holder is someone we may not name.
            raise Conflict(
                f"执法证号{person.certificate.number}属于其他单位的人员，不能导入",
                f"certificate {person.certificate.number} (person {person.id!r}) is held by "
                "someone outside your units",
            )
    earlier = _earlier_import(session, person, unit)
    return earlier or _record_person(session, person, unit)


def _candidates(person: Person, unit: Unit):
    yield person.id
    yield f"{person.id}@{unit.code}"
    for n in range(2, 1000):
        yield f"{person.id}@{unit.code}~{n}"


def _earlier_import(session: Session, person: Person, unit: Unit) -> User | None:
    """The inactive person an earlier file of this unit recorded under this id and name."""
    if person.certificate is not None:
        return None  # would have been found by the certificate
    for username in _candidates(person, unit):
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            return None
        if user.unit_id == unit.id and not user.active and user.name == person.name:
            return user
    return None


def _record_person(session: Session, person: Person, unit: Unit) -> User:
    username = next(
        u
        for u in _candidates(person, unit)
        if session.scalar(select(User.id).where(User.username == u)) is None
    )
    user = User(
        username=username,
        name=person.name,
        unit=unit,
        roles=sorted(person.roles),
        legal_qualification=person.legal_qualification,
        principal=person.principal,
        active=False,
        # Nobody signs in as a person a file named: an unknowable password.
        password_hash=generate_password_hash(secrets.token_hex(16)),
    )
    if person.certificate is not None:
        c = person.certificate
        user.certificates.append(
            Certificate(
                number=c.number,
                valid_from=c.valid_from,
                valid_to=c.valid_to,
                revoked_on=c.revoked_on,
            )
        )
    session.add(user)
    session.flush()
    return user


def rename_people(data: dict, users: dict[str, User]) -> dict:
    """Step data with the file's ids replaced by the usernames of the people matched."""
    out = dict(data)
    for key in PERSON_KEYS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = users[value].username if value in users else value
        elif isinstance(value, list):
            out[key] = [users[v].username if v in users else v for v in value]
    return out
