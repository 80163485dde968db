"""The action table's rows in the edit form, written out in Python.

An edit page holds up to ``MAX_ACTIONS`` rows of six inputs. Through the template engine
a row cost about a millisecond (variable lookups, includes and translations per row), so
the page took twice as long with 40 rows as with 13 (``make bench``); written out here a
row costs a tenth of that. The markup is that of ``includes/field.html`` and
``agenda/_action_row.html`` (the latter documents it and is kept as the readable form of
it: ``tests/test_action_rows.py`` checks the two give the same HTML, so change both).

Everything shown is escaped by ``format_html``; nothing here decides what the form
accepts (``ActionForm`` does).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def action_row(form, number) -> SafeString:
    """One row of ``ActionForm`` (bound or not), numbered ``number`` for the reader."""
    quarters = form["quarters"]
    checked = quarters.value() or ()
    invalid = ' aria-invalid="true"' if quarters.errors else ""
    boxes = format_html_join(
        "\n      ",
        '<label class="portal-checkbox" for="{0}_{1}"><input type="checkbox" name="{2}" '
        'value="{3}" id="{0}_{1}"{4}{5}> {6}</label>',
        (
            (
                quarters.auto_id,
                index,
                quarters.html_name,
                option,
                mark_safe(invalid),
                mark_safe(" checked" if option in checked else ""),
                label,
            )
            for index, (option, label) in enumerate(quarters.field.choices)
        ),
    )
    return format_html(
        '<fieldset class="portal-action" data-action-row>\n'
        '  <legend class="portal-action__legend">{action} <span data-action-number>{number}'
        "</span></legend>\n"
        "  {activity}\n"
        '  <div class="portal-action__columns">\n'
        "    {lead}\n"
        '    <fieldset class="utrecht-form-fieldset portal-quarters">\n'
        '      <legend class="utrecht-form-label">{quarters_label} <span class="portal-optional">'
        "({optional})</span></legend>\n"
        "      {boxes}\n"
        "    </fieldset>\n"
        "  </div>\n"
        "  {result}\n"
        '  <div class="portal-action__controls">\n'
        '    <div class="portal-nojs-only">\n'
        "      {order}\n"
        '      <label class="portal-checkbox" for="{delete_id}"><input type="checkbox" '
        'name="{delete_name}" id="{delete_id}"{delete_checked}> {remove_on_save}</label>\n'
        "    </div>\n"
        '    <div class="portal-js-only">\n'
        "      {controls}\n"
        "    </div>\n"
        "  </div>\n"
        '  <div class="portal-action__removed" data-action-removed hidden>\n'
        '    <p class="utrecht-paragraph">{removed}</p>\n'
        '    <button type="button" class="utrecht-button utrecht-button--secondary-action" '
        "data-action-restore>{undo}</button>\n"
        "  </div>\n"
        "</fieldset>",
        action=_("Action"),
        number=number,
        activity=_field(form["activity"]),
        lead=_field(form["lead"], options=form.lead_option_tags()),
        quarters_label=quarters.label,
        optional=_("optional"),
        boxes=boxes,
        result=_field(form["result"]),
        order=_order(form["ORDER"]),
        delete_id=form["DELETE"].auto_id,
        delete_name=form["DELETE"].html_name,
        delete_checked=mark_safe(" checked" if form["DELETE"].value() else ""),
        remove_on_save=_("Remove this action when saving"),
        controls=_controls(number),
        removed=_("This action will be removed when you save."),
        undo=_("Undo removal"),
    )


def _controls(number) -> SafeString:
    which = format_html(
        '<span class="portal-visually-hidden"> ({} <span data-action-number>{}</span>)</span>',
        _("action"),
        number,
    )
    button = (
        '<button type="button" class="utrecht-button utrecht-button--secondary-action{}" {}>'
        "{}{}</button>"
    )
    return format_html_join(
        "\n      ",
        button,
        [
            ("", mark_safe('data-action-move="-1"'), _("Move up"), which),
            ("", mark_safe('data-action-move="1"'), _("Move down"), which),
            (" portal-button--danger", mark_safe("data-action-remove"), _("Remove"), which),
        ],
    )


def _state(field) -> tuple[str, str]:
    """The error attributes of an input: aria-invalid and Django's aria-describedby."""
    invalid = ' aria-invalid="true"' if field.errors else ""
    describedby = field.aria_describedby
    described = format_html(' aria-describedby="{}"', describedby) if describedby else ""
    return mark_safe(invalid), described


def _attrs(field) -> SafeString:
    return format_html_join(
        "", ' {}="{}"', ((name, str(value)) for name, value in field.field.widget.attrs.items())
    )


def _order(field) -> SafeString:
    invalid, described = _state(field)
    value = field.value()
    shown = format_html(' value="{}"', value) if value not in (None, "") else ""
    return format_html(
        '<label class="utrecht-form-label" for="{id}">{label}</label> <input type="number" '
        'name="{name}"{value}{invalid}{described} id="{id}">',
        id=field.auto_id,
        label=_("Position"),
        name=field.html_name,
        value=shown,
        invalid=invalid,
        described=described,
    )


def _field(field, *, options: str = "") -> SafeString:
    """A field laid out as ``includes/field.html`` lays one out, its input written out
    as its widget would render it (``options``: a select's ``<option>`` tags)."""
    field_id, widget = field.auto_id, field.widget_type
    invalid, described = _state(field)
    value = field.value()
    common = format_html('name="{}"{}{}{}', field.html_name, _attrs(field), invalid, described)
    if widget == "select":
        control = format_html(
            '<select {} id="{}">{}\n    </select>', common, field_id, mark_safe(options)
        )
    elif widget == "textarea":
        # The newline after the tag is the widget's: a text starting with one keeps it.
        control = format_html('<textarea {} id="{}">\n{}</textarea>', common, field_id, value or "")
    else:
        shown = format_html(' value="{}"', value) if value not in (None, "") else ""
        control = format_html(
            '<input type="{}" name="{}"{}{}{}{} id="{}">',
            widget,
            field.html_name,
            shown,
            _attrs(field),
            invalid,
            described,
            field_id,
        )
    optional = (
        ""
        if field.field.required
        else format_html(' <span class="portal-optional">({})</span>', _("optional"))
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div class="utrecht-form-field-error-message" id="{}_error">{}</div>',
            field_id,
            format_html_join("", "<p>{} {}</p>", ((_("Error:"), error) for error in field.errors)),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div class="utrecht-form-field-description" id="{}_helptext">{}</div>',
            field_id,
            field.help_text,
        )
    return format_html(
        '<div class="utrecht-form-field{invalid_class} portal-field" id="field-{id}">\n'
        '  <div class="utrecht-form-field__label">\n'
        '    <label class="utrecht-form-label" id="{id}_label" for="{id}">{label}{optional}'
        "</label>\n"
        "  </div>\n"
        "  {help}{errors}\n"
        '  <div class="utrecht-form-field__input">\n'
        "    {control}\n"
        "  </div>\n"
        "</div>",
        invalid_class=" utrecht-form-field--invalid" if field.errors else "",
        id=field_id,
        label=field.label,
        optional=optional,
        help=help_text,
        errors=errors,
        control=control,
    )
