"""The dashboard's SVG charts: bars in proportion to the figures, every text escaped, a title and
description for assistive technology, and "No data" when there is nothing to draw."""

import xml.etree.ElementTree as ET

import pytest

from onestop.insight.charts import NO_DATA, Bar, bar_chart, horizontal_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = [bar_chart, horizontal_bar_chart]


def drawn(chart, bars, **kwargs) -> ET.Element:
    """The chart parsed as XML: it must be well-formed to be parsed at all."""
    markup = chart(
        chart_id=kwargs.get("chart_id", "chart-test"),
        title=kwargs.get("title", "Applications each week"),
        description=kwargs.get("description", "The table below gives the figures."),
        bars=bars,
    )
    return ET.fromstring(markup)  # noqa: S314 - our own drawing, not a stranger's file


def bars_of(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}rect"))


def texts_of(svg: ET.Element) -> list[str]:
    return [text.text or "" for text in svg.iter(f"{SVG}text")]


def test_vertical_bars_are_as_tall_as_their_figures_and_stand_on_one_line():
    svg = drawn(bar_chart, [Bar("6 Apr", 10, "10"), Bar("13 Apr", 20, "20"), Bar("20 Apr", 5, "5")])

    rects = bars_of(svg)
    heights = [float(rect.get("height")) for rect in rects]
    bottoms = {round(float(rect.get("y")) + float(rect.get("height")), 3) for rect in rects}
    assert heights[1] == pytest.approx(2 * heights[0])
    assert heights[0] == pytest.approx(2 * heights[2])
    assert len(bottoms) == 1
    assert [float(rect.get("x")) for rect in rects] == sorted(
        float(rect.get("x")) for rect in rects
    )
    assert {"6 Apr", "13 Apr", "20 Apr", "10", "20", "5"} <= set(texts_of(svg))


def test_horizontal_bars_are_as_long_as_their_figures_in_the_order_given():
    svg = drawn(
        horizontal_bar_chart,
        [Bar("Online", 300, "300"), Bar("Phone", 150, "150"), Bar("Kiosk", 0, "0")],
    )

    rects = bars_of(svg)
    widths = [float(rect.get("width")) for rect in rects]
    tops = [float(rect.get("y")) for rect in rects]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0
    assert tops == sorted(tops)
    assert texts_of(svg)[:3] == ["Online", "300", "Phone"]


@pytest.mark.parametrize("chart", CHARTS)
def test_the_chart_is_an_image_named_by_its_title_and_description(chart):
    svg = drawn(chart, [Bar("Online", 3, "3")], chart_id="chart-channel")

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-channel-title"
    assert svg.get("aria-describedby") == "chart-channel-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None
    assert title.get("id") == "chart-channel-title"
    assert title.text == "Applications each week"
    assert desc is not None
    assert desc.get("id") == "chart-channel-desc"


@pytest.mark.parametrize("chart", CHARTS)
def test_every_text_is_escaped(chart):
    markup = chart(
        chart_id='x" onload="alert(1)',
        title="<script>alert('title')</script>",
        description="Fish & chips < £5",
        bars=[Bar("<b>Ward</b> & Co", 2, "<i>2</i>")],
    )

    # Well-formed: nothing unescaped broke the markup.
    svg = ET.fromstring(markup)  # noqa: S314 - our own drawing, not a stranger's file
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "<i>" not in markup
    assert 'onload="' not in markup
    assert svg.find(f"{SVG}title").text == "<script>alert('title')</script>"
    assert svg.find(f"{SVG}desc").text == "Fish & chips < £5"
    assert "<b>Ward</b> & Co" in texts_of(svg)


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("bars", [[], [Bar("Online", 0, "0"), Bar("Phone", 0, "0")]])
def test_nothing_to_draw_says_no_data(chart, bars):
    svg = drawn(chart, bars)

    assert bars_of(svg) == []
    assert texts_of(svg) == [NO_DATA]
    assert NO_DATA in svg.find(f"{SVG}desc").text
    assert svg.get("role") == "img"


def test_a_long_series_labels_only_some_weeks_but_draws_every_bar():
    bars = [Bar(f"Week {n}", n + 1, str(n + 1)) for n in range(52)]

    svg = drawn(bar_chart, bars)

    assert len(bars_of(svg)) == 52
    labels = [text for text in texts_of(svg) if text.startswith("Week")]
    assert 0 < len(labels) <= 13
    assert "Week 0" in labels


def test_a_long_label_is_shortened_but_kept_whole_in_the_bars_own_title():
    label = "Setting up home after being homeless, and more besides"

    svg = drawn(horizontal_bar_chart, [Bar(label, 4, "4")])

    shown = texts_of(svg)[0]
    assert shown.endswith("…")
    assert len(shown) < len(label)
    assert bars_of(svg)[0].find(f"{SVG}title").text == f"{label}: 4"
