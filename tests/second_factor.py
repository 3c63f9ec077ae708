"""A session that has passed the second factor, as django_otp.login marks it after a correct code.
Used where a test logs in with force_login (tests/conftest.py) and by the demo check that runs in
its own process (tests/demo/sqlite_demo_pages.py). The login pages themselves are tested through
their forms in tests/core/test_login_security.py."""


def pass_second_factor(session, user) -> None:
    """Mark `session` as verified with a confirmed TOTP device of `user` (made if missing)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
