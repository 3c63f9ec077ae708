"""core.form_html and the portal filters that use it give the markup Django's form templates give."""

import pytest
from django import forms
from django.template import Context, Template

from applications.forms import DirectAllocationFormSet


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField()


def _render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize("data", [None, {"direct-TOTAL_FORMS": "3", "direct-INITIAL_FORMS": "1"}])
def test_a_management_form_as_django_renders_it(data):
    formset = DirectAllocationFormSet(data, prefix="direct", initial=[{"title": "Ledelse", "amount": 10}])
    ours = _render("{{ formset.management_form|hidden_inputs }}", formset=formset)
    theirs = "".join(str(field) for field in formset.management_form)
    assert ours == theirs
    assert 'name="direct-TOTAL_FORMS"' in ours and 'id="id_direct-TOTAL_FORMS"' in ours


def test_a_hidden_field_as_django_renders_it_and_its_value_escaped():
    form = _Versioned(initial={"version": '7"><script>'})
    assert _render("{{ form.version|hidden_inputs }}", form=form) == str(form["version"])
    assert "<script>" not in _render("{{ form.version|hidden_inputs }}", form=form)


def test_a_visible_field_is_refused():
    with pytest.raises(TypeError):
        _render("{{ form|hidden_inputs }}", form=_Versioned())
