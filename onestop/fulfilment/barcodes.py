"""Code 128 barcodes for numbers (cash-out codes), drawn as SVG for letters and pages.

Digits are encoded two to a symbol in code set C; a number with an odd count of digits ends
by switching to code set B for its last digit. The SVG is one black rectangle per bar, on a
white background with the quiet zone the standard asks for, so a shop's scanner reads it
from a printed letter.
"""

from markupsafe import Markup

# Each symbol's six element widths (bar, space, bar, space, bar, space) in modules, by value,
# from ISO/IEC 15417. Every symbol is 11 modules wide; the stop symbol has a seventh element.
SYMBOL_WIDTHS = [
    "212222",
    "222122",
    "222221",
    "121223",
    "121322",
    "131222",
    "122213",
    "122312",
    "132212",
    "221213",
    "221312",
    "231212",
    "112232",
    "122132",
    "122231",
    "113222",
    "123122",
    "123221",
    "223211",
    "221132",
    "221231",
    "213212",
    "223112",
    "312131",
    "311222",
    "321122",
    "321221",
    "312212",
    "322112",
    "322211",
    "212123",
    "212321",
    "232121",
    "111323",
    "131123",
    "131321",
    "112313",
    "132113",
    "132311",
    "211313",
    "231113",
    "231311",
    "112133",
    "112331",
    "132131",
    "113123",
    "113321",
    "133121",
    "313121",
    "211331",
    "231131",
    "213113",
    "213311",
    "213131",
    "311123",
    "311321",
    "331121",
    "312113",
    "312311",
    "332111",
    "314111",
    "221411",
    "431111",
    "111224",
    "111422",
    "121124",
    "121421",
    "141122",
    "141221",
    "112214",
    "112412",
    "122114",
    "122411",
    "142112",
    "142211",
    "241211",
    "221114",
    "413111",
    "241112",
    "134111",
    "111242",
    "121142",
    "121241",
    "114212",
    "124112",
    "124211",
    "411212",
    "421112",
    "421211",
    "212141",
    "214121",
    "412121",
    "111143",
    "111341",
    "131141",
    "114113",
    "114311",
    "411113",
    "411311",
    "113141",
    "114131",
    "311141",
    "411131",
    "211412",
    "211214",
    "211232",
]
STOP_WIDTHS = "2331112"

CODE_B = 100  # switch to code set B (in code set C)
START_C = 105
STOP = 106
QUIET_ZONE_MODULES = 10


def code128_symbols(digits: str) -> list[int]:
    """The symbol values for a string of digits: start C, the pairs, a last odd digit in code
    set B, the check symbol and stop."""
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ValueError("A Code 128 number needs at least one digit, and only digits")
    values = [START_C]
    pairs_end = len(digits) - len(digits) % 2
    values.extend(int(digits[i : i + 2]) for i in range(0, pairs_end, 2))
    if pairs_end < len(digits):
        values.extend([CODE_B, ord(digits[-1]) - 32])
    check = (values[0] + sum(position * value for position, value in enumerate(values))) % 103
    # The start symbol counts once with weight 1; enumerate gave it weight 0.
    return [*values, check, STOP]


def code128_widths(digits: str) -> list[int]:
    """Alternating bar and space widths in modules, starting and ending with a bar."""
    widths: list[int] = []
    for value in code128_symbols(digits):
        pattern = STOP_WIDTHS if value == STOP else SYMBOL_WIDTHS[value]
        widths.extend(int(w) for w in pattern)
    return widths


def code128_svg(digits: str, *, module_mm: float = 0.33, height_mm: float = 15.0) -> Markup:
    """The barcode as an inline SVG element, sized in millimetres for print."""
    widths = code128_widths(digits)
    total = sum(widths) + 2 * QUIET_ZONE_MODULES
    height = round(height_mm / module_mm)
    bars: list[Markup] = []
    x = QUIET_ZONE_MODULES
    for index, width in enumerate(widths):
        if index % 2 == 0:
            bars.append(
                Markup('<rect x="{}" y="0" width="{}" height="{}"/>').format(x, width, height)
            )
        x += width
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-label="Barcode for {digits}" width="{width:.2f}mm" height="{height_mm:.2f}mm" '
        'viewBox="0 0 {total} {height}" shape-rendering="crispEdges">'
        '<rect x="0" y="0" width="{total}" height="{height}" fill="#fff"/>'
        '<g fill="#000">{bars}</g></svg>'
    ).format(
        digits=digits,
        width=total * module_mm,
        height_mm=height_mm,
        total=total,
        height=height,
        bars=Markup("").join(bars),
    )
