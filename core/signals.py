"""Audit events that no service writes: logins, failed logins, lockouts, and changes of what a
user may do (organisation memberships, secretariat and committee seats, staff/superuser/active
flags, groups and permissions, second-factor devices), wherever they are made (the admin, a
management command)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import audit

PERMISSION_FLAGS = ("is_staff", "is_superuser", "is_active")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(actor=user, action="auth.login", target=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="auth.logout", target=user)


def _known_user(username: str):
    from .models import User

    return User.objects.filter(email__iexact=username).first() if username else None


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")[:254]
    user = _known_user(username)
    audit.record(
        actor=None,
        action="auth.login_failed",
        target=user,
        target_type="" if user else "core.user",
        summary=username,
    )


def _connect_axes():
    from axes.signals import user_locked_out

    @receiver(user_locked_out, weak=False)
    def _locked_out(sender, request, username, ip_address, **kwargs):
        user = _known_user(username or "")
        audit.record(
            actor=None,
            action="auth.locked_out",
            target=user,
            target_type="" if user else "core.user",
            summary=username or "",
        )


def _seat_summary(instance) -> str:
    return str(instance)[:300]


def _membership_saved(action: str):
    def handler(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        audit.record(
            actor=audit.current_user(),
            action=f"permission.{action}.{'add' if created else 'change'}",
            target=instance.user,
            summary=_seat_summary(instance),
        )

    return handler


def _membership_deleted(action: str):
    def handler(sender, instance, **kwargs):
        audit.record(
            actor=audit.current_user(),
            action=f"permission.{action}.remove",
            target_type=instance.user._meta.label_lower,
            target_id=instance.user_id,
            summary=_seat_summary(instance),
        )

    return handler


def _flags_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if (
        raw
        or not instance.pk
        or (update_fields is not None and not set(update_fields) & set(PERMISSION_FLAGS))
    ):
        instance._flags_before = None
        return
    instance._flags_before = sender.objects.filter(pk=instance.pk).values(*PERMISSION_FLAGS).first()


def _flags_after(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_flags_before", None)
    if raw or created or before is None:
        return
    after = {flag: getattr(instance, flag) for flag in PERMISSION_FLAGS}
    changes = audit.diff_fields(before, after)
    if changes:
        audit.record(
            actor=audit.current_user(), action="permission.user_flags", target=instance, changes=changes
        )


def _groups_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from .models import User

    if not isinstance(instance, User):
        return
    audit.record(
        actor=audit.current_user(),
        action=f"permission.{sender._meta.model_name}.{action.removeprefix('post_')}",
        target=instance,
        changes={"ids": sorted(pk_set or [])},
    )


def _device_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not instance.confirmed:
        return
    if created or getattr(instance, "_was_unconfirmed", False):
        audit.record(actor=audit.current_user(), action="auth.second_factor_added", target=instance.user)


def _device_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._was_unconfirmed = (
        not raw
        and instance.pk
        and (update_fields is None or "confirmed" in update_fields)
        and sender.objects.filter(pk=instance.pk, confirmed=False).exists()
    )


def _device_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        audit.record(
            actor=audit.current_user(),
            action="auth.second_factor_removed",
            target_type=instance.user._meta.label_lower,
            target_id=instance.user_id,
        )


def connect():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from committees.models import CommitteeMembership

    from .models import Membership, SecretariatMembership, User

    for model, name in (
        (Membership, "organisation"),
        (SecretariatMembership, "secretariat"),
        (CommitteeMembership, "committee"),
    ):
        post_save.connect(
            _membership_saved(name), sender=model, weak=False, dispatch_uid=f"audit-{name}-save"
        )
        post_delete.connect(
            _membership_deleted(name), sender=model, weak=False, dispatch_uid=f"audit-{name}-delete"
        )
    pre_save.connect(_flags_before, sender=User, dispatch_uid="audit-user-flags-before")
    post_save.connect(_flags_after, sender=User, dispatch_uid="audit-user-flags-after")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit-user-groups")
    m2m_changed.connect(
        _groups_changed, sender=User.user_permissions.through, dispatch_uid="audit-user-permissions"
    )
    pre_save.connect(_device_before, sender=TOTPDevice, dispatch_uid="audit-device-before")
    post_save.connect(_device_saved, sender=TOTPDevice, dispatch_uid="audit-device-saved")
    post_delete.connect(_device_deleted, sender=TOTPDevice, dispatch_uid="audit-device-deleted")
    _connect_axes()
