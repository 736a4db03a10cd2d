"""Forms of step 5, democratic evaluation."""


from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.models import Rating
from core.forms import DateField, DateInput

DATE = DateInput()


class EvaluationOpenForm(forms.Form):
    called = forms.IntegerField(
        label=_("participants called"), min_value=1, max_value=2000, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    date = DateField(
        label=_("evaluation date"), initial=timezone.localdate,
        widget=DateInput(attrs={"class": "form-control"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("ballot code"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))


class BallotForm(forms.Form):
    """One rating per candidate; the code travels along in a hidden field until the ballot is cast."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                label=candidate.application.person.name,
                choices=Rating.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def ratings(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.candidates}

    def candidate_fields(self):
        return [(c, self[f"c{c.pk}"]) for c in self.candidates]


class PaperTallyForm(forms.Form):
    ballots = forms.IntegerField(label=_("paper ballots returned"), min_value=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            for rating, label in Rating.choices:
                self.fields[f"c{candidate.pk}_{rating}"] = forms.IntegerField(
                    label=label, min_value=0, initial=getattr(candidate, f"paper_{rating}")
                )

    def counts(self):
        return {c.pk: tuple(self.cleaned_data[f"c{c.pk}_{r}"] for r in Rating.values) for c in self.candidates}

    def rows(self):
        return [(c, [self[f"c{c.pk}_{r}"] for r in Rating.values]) for c in self.candidates]
