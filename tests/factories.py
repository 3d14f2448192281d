"""Factories for test data: a district with officers, a reviewer and a head."""

from __future__ import annotations

import datetime as dt

from werkzeug.security import generate_password_hash

from caseflow.models import Certificate, Party, Unit, User

# Every test user's password: it meets the password rules (caseflow.passwords), so a
# test signs in as a real user would, not in demo mode.
PASSWORD = "district-test-passphrase"

# Valid codes (check characters computed per GB 32100-2015 / GB 11643).
ORG_CODES = ["91440300MA5FXXXX1Y"]


def uscc(seed: int) -> str:
    """A valid unified social credit code, different for each seed."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = f"9144030{seed:010d}"
    total = sum(chars.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + chars[(31 - total % 31) % 31]


def make_district(session, today: dt.date = dt.date(2024, 3, 1)):
    bureau = Unit(
        code="LG", name="深圳市龙岗区应急管理局", level="county", case_prefix="深龙应急罚"
    )
    street = Unit(
        code="LG-BT",
        name="坂田街道办事处",
        level="street",
        delegated=True,
        delegation_ref="龙府〔2021〕1号",
        parent=bureau,
        case_prefix="深龙坂应急罚",
    )
    other = Unit(
        code="LG-BJ",
        name="布吉街道办事处",
        level="street",
        delegated=True,
        delegation_ref="龙府〔2021〕1号",
        parent=bureau,
        case_prefix="深龙布应急罚",
    )
    session.add_all([bureau, street, other])
    session.flush()
    people = {}

    def user(username, roles, unit, cert=True, legal=False, valid_to=dt.date(2026, 12, 31)):
        u = User(
            username=username, name=username, unit=unit, roles=roles, legal_qualification=legal
        )
        # A cheap hash: the real default (scrypt) costs ~0.1 s a user, per test.
        u.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        if cert:
            u.certificates.append(
                Certificate(
                    number=f"4403{len(people):07d}",
                    valid_from=dt.date(2020, 1, 1),
                    valid_to=valid_to,
                )
            )
        session.add(u)
        people[username] = u
        return u

    user("officer1", ["officer"], bureau)
    user("officer2", ["officer"], bureau)
    user("officer3", ["officer"], street)
    user("expired", ["officer"], bureau, valid_to=dt.date(2023, 12, 31))
    user("reviewer1", ["reviewer"], bureau, cert=False, legal=True)
    user("head1", ["head"], bureau, cert=False)
    user("head2", ["head"], bureau, cert=False)
    user("head3", ["head"], bureau, cert=False)
    user("admin", ["admin"], bureau, cert=False)
    party = Party(
        kind="organization",
        name="深圳市龙岗区示例电池科技有限公司",
        id_code=ORG_CODES[0],
        address="深圳市龙岗区坂田街道示例路1号",
        unit=bureau,
    )
    session.add(party)
    session.commit()
    return {"bureau": bureau, "street": street, "other": other, "party": party, **people}
