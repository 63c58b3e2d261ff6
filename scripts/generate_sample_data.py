"""Generate the synthetic sample seeds that ship with this project.

Writes three CSV files that mimic the shape of the public raw files the
analysis was first done on, but contain only made-up values:

* ``sales_data.csv`` - 3,294 user-product interactions with CRLF line endings,
  the header ``user id,product id,Interaction type,Time stamp,`` (a trailing
  empty fifth column), 2,999 filled rows (128 without an Interaction type,
  7 whose product id matches no catalog product) and 295 empty ``,,,,`` rows.
* ``customer_details.csv`` - 3,900 customers (Customer ID 1..3900), 18 columns.
* ``product_details.csv`` - a 10,002-row, 28-column product catalog whose
  ``Uniqe Id`` values are the product ids used by the interactions.

The output is deterministic: the same ``--seed`` rewrites byte-identical files.

With ``--sales-rows N`` it writes a data folder of any size instead (a complete
DATA_DIR for ``make build``; ``--out-dir`` is then required): N raw sales rows
with the sample's quirks in the sample's proportions (the trailing unnamed
column, CRLF, trailing ``,,,,`` rows, rows without an Interaction type, a few
product ids missing from the catalog, day-first time stamps), user ids that are
all customers of the customer file written alongside (``--customers``, by
default the sample's 3,900 at any size), and the
sample's product catalog. DuckDB streams the rows to disk (``COPY`` from
``range(n)``, every choice a hash of the row number and the seed), so memory
stays bounded and the same arguments give the same bytes (with the pinned
DuckDB). Progress goes to stderr.
"""

import argparse
import bisect
import csv
import hashlib
import math
import random
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn

import duckdb

from scripts.project_paths import SEEDS_DIR

PROG = "generate_sample_data.py"
DEFAULT_SEED = 20231228
DEFAULT_OUT_DIR = SEEDS_DIR

N_CUSTOMERS = 3900
N_PRODUCTS = 10002
N_FILLED = 2999
N_EMPTY = 295
N_MISSING_TYPE = 128
N_UNKNOWN_PRODUCT = 7

# fmt: off
SALES_HEADER = ["user id", "product id", "Interaction type", "Time stamp", ""]
CUSTOMER_HEADER = [
    "Customer ID", "Age", "Gender", "Item Purchased", "Category",
    "Purchase Amount (USD)", "Location", "Size", "Color", "Season", "Review Rating",
    "Subscription Status", "Shipping Type", "Discount Applied", "Promo Code Used",
    "Previous Purchases", "Payment Method", "Frequency of Purchases",
]
PRODUCT_HEADER = [
    "Uniqe Id", "Product Name", "Brand Name", "Asin", "Category", "Upc Ean Code",
    "List Price", "Selling Price", "Quantity", "Model Number", "About Product",
    "Product Specification", "Technical Details", "Shipping Weight",
    "Product Dimensions", "Image", "Variants", "Sku", "Product Url", "Stock",
    "Product Details", "Dimensions", "Color", "Ingredients", "Direction To Use",
    "Is Amazon Seller", "Size Quantity Variant", "Product Description",
]

# Value domains of the customer file: category -> the items sold under it.
CATEGORY_ITEMS = {
    "Accessories": ["Backpack", "Belt", "Gloves", "Handbag", "Hat", "Jewelry", "Scarf",
                    "Sunglasses"],
    "Clothing": ["Blouse", "Dress", "Hoodie", "Jeans", "Pants", "Shirt", "Shorts",
                 "Skirt", "Socks", "Sweater", "T-shirt"],
    "Footwear": ["Boots", "Sandals", "Shoes", "Sneakers"],
    "Outerwear": ["Coat", "Jacket"],
}
STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
    "Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois",
    "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
]
COLORS = [
    "Beige", "Black", "Blue", "Brown", "Charcoal", "Cyan", "Gold", "Gray", "Green",
    "Indigo", "Lavender", "Magenta", "Maroon", "Olive", "Orange", "Peach", "Pink",
    "Purple", "Red", "Silver", "Teal", "Turquoise", "Violet", "White", "Yellow",
]
SIZES = ["S", "M", "L", "XL"]
SEASONS = ["Spring", "Summer", "Fall", "Winter"]
SHIPPING = ["2-Day Shipping", "Express", "Free Shipping", "Next Day Air", "Standard",
            "Store Pickup"]
PAYMENTS = ["Bank Transfer", "Cash", "Credit Card", "Debit Card", "PayPal", "Venmo"]
FREQUENCIES = ["Annually", "Bi-Weekly", "Every 3 Months", "Fortnightly", "Monthly",
               "Quarterly", "Weekly"]

# Made-up catalog taxonomy: top level -> second level -> third level names.
TAXONOMY: dict[str, dict[str, list[str]]] = {
    "Arts, Crafts & Sewing": {"Painting": ["Brushes", "Paints", "Canvas"],
                              "Sewing": ["Thread", "Needles"]},
    "Baby Products": {"Feeding": ["Bottles", "Bibs"],
                      "Nursery": ["Mobiles", "Night Lights"]},
    "Clothing, Shoes & Jewelry": {"Costumes": ["Kids", "Adults"],
                                  "Novelty": ["Socks", "T-Shirts"]},
    "Home & Kitchen": {"Kitchen & Dining": ["Mugs", "Utensils", "Storage"],
                       "Decor": ["Frames", "Clocks"]},
    "Office Products": {"Office Supplies": ["Pens", "Paper", "Labels"],
                        "Desk Accessories": ["Organizers"]},
    "Sports & Outdoors": {"Outdoor Recreation": ["Camping", "Skateboarding"],
                          "Fitness": ["Yoga", "Weights"]},
    "Toys & Games": {"Games & Accessories": ["Board Games", "Card Games", "Puzzles"],
                     "Learning & Education": ["Science Kits", "Flash Cards"],
                     "Dolls & Accessories": ["Dollhouses", "Doll Clothes"],
                     "Vehicles": ["Cars", "Trains", "Remote Control"]},
}
LEAF_DETAILS = ["Sets", "Refills", "Accessories", "Classic", "Deluxe"]
ADJECTIVES = ["Bright", "Classic", "Compact", "Deluxe", "Easy", "Handy", "Mini",
              "Mighty", "Quiet", "Rainbow", "Smart", "Sturdy", "Super", "Tiny",
              "Wooden"]
NOUNS = ["Puzzle", "Car", "Train", "Robot", "Kit", "Mug", "Pen", "Notebook", "Brush",
         "Blanket", "Ball", "Bottle", "Lamp", "Backpack", "Stamp", "Clock"]
MATERIALS = ["plastic", "wood", "cotton", "metal", "silicone", "paper"]
USES = ["home", "school", "travel", "parties", "gifts", "everyday use"]
# fmt: on


def fail(path: Path | str, problem: str) -> NoReturn:
    """Print one error line to stderr and exit with status 1."""
    print(f"{PROG}: {path}: {problem}", file=sys.stderr)
    raise SystemExit(1)


def hex_id(*parts: object) -> str:
    """Return a 32-character lowercase hex id derived from the given parts."""
    return hashlib.md5("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def power_law_cum_weights(n: int, exponent: float, offset: float) -> list[float]:
    """Return cumulative weights 1 / (rank + offset) ** exponent, rank 1..n."""
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / (rank + offset) ** exponent
        cum.append(total)
    return cum


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]], eol: str) -> None:
    """Write rows (missing columns left empty) with csv.writer, UTF-8 without BOM."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator=eol)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)


def make_customers(rng: random.Random) -> list[dict[str, str]]:
    """Build one row per customer, Customer ID 1..N_CUSTOMERS in order."""
    item_category = {i: c for c, items in CATEGORY_ITEMS.items() for i in items}
    items = sorted(item_category)
    amounts = list(range(20, 101))
    # Roughly uniform with a slight upward tilt and fewer amounts ending in 5.
    amount_weights = [1 + 0.006 * (a - 20) - 0.25 * (a % 10 == 5) for a in amounts]
    rows = []
    for customer_id in range(1, N_CUSTOMERS + 1):
        item = rng.choice(items)
        subscribed = rng.random() < 0.27
        discount = "Yes" if subscribed or rng.random() < 0.22 else "No"
        row = {
            "Customer ID": str(customer_id),
            "Age": str(rng.randint(18, 70)),
            "Gender": "Male" if rng.random() < 0.68 else "Female",
            "Item Purchased": item,
            "Category": item_category[item],
            "Purchase Amount (USD)": str(rng.choices(amounts, amount_weights)[0]),
            "Location": rng.choice(STATES),
            "Size": rng.choices(SIZES, [17, 45, 27, 11])[0],
            "Color": rng.choice(COLORS),
            "Season": rng.choice(SEASONS),
            "Review Rating": f"{rng.randint(25, 50) / 10:.1f}",
            "Subscription Status": "Yes" if subscribed else "No",
            "Shipping Type": rng.choice(SHIPPING),
            "Discount Applied": discount,
            "Promo Code Used": discount,
            "Previous Purchases": str(rng.randint(1, 50)),
            "Payment Method": rng.choice(PAYMENTS),
            "Frequency of Purchases": rng.choice(FREQUENCIES),
        }
        rows.append(row)
    return rows


def category_path(rng: random.Random) -> str:
    """Return a ' | '-joined path of 1 to 4 levels, or '' for ~1 % of products."""
    if rng.random() < 0.01:
        return ""
    top = rng.choices(sorted(TAXONOMY), [4, 3, 3, 6, 3, 5, 20])[0]
    second = rng.choice(sorted(TAXONOMY[top]))
    levels = [top, second, rng.choice(TAXONOMY[top][second]), rng.choice(LEAF_DETAILS)]
    return " | ".join(levels[: rng.choices([1, 2, 3, 4], [10, 48, 35, 7])[0]])


def selling_price(rng: random.Random) -> str:
    """Return price text in the catalog's style: '$12.34 ', a range, or ''."""
    roll = rng.random()
    if roll < 0.01:
        return ""
    if roll < 0.07:
        low = rng.uniform(3, 60)
        return f"${low:,.2f} - ${low + rng.uniform(1, 25):,.2f}"
    if roll < 0.085:
        return f"${rng.uniform(1000, 2500):,.2f} "
    return f"${min(rng.lognormvariate(3.0, 0.9), 999.99):,.2f} "


def maybe(rng: random.Random, probability: float, text: str) -> str:
    """Return text with the given probability, otherwise ''."""
    return text if rng.random() < probability else ""


def make_products(rng: random.Random, seed: int) -> list[dict[str, str]]:
    """Build the product catalog; 'Uniqe Id' holds unique 32-hex product ids."""
    rows = []
    for n in range(1, N_PRODUCTS + 1):
        pid = hex_id("product", seed, n)
        noun = rng.choice(NOUNS)
        name = f"{rng.choice(ADJECTIVES)} {noun}"
        suffix = rng.random()
        if suffix < 0.2:
            name += f", {rng.choice(COLORS)}"
        elif suffix < 0.3:
            name += f" ({rng.randint(2, 12)}-Pack)"
        material = rng.choice(MATERIALS)
        pounds = round(rng.uniform(0.1, 12.0), 1)
        weight = f"{pounds} pounds" if pounds >= 1 else f"{round(pounds * 16)} ounces"
        model = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(100, 99999)}"
        about = f"Sturdy {material} {noun.lower()}, great for {rng.choice(USES)}."
        row = {
            "Uniqe Id": pid,
            "Product Name": name,
            "Brand Name": maybe(rng, 0.02, f"{rng.choice(ADJECTIVES)} Co."),
            "Asin": maybe(rng, 0.01, f"B0{rng.randint(10**7, 10**8 - 1)}"),
            "Category": category_path(rng),
            "Upc Ean Code": maybe(rng, 0.02, str(rng.randint(10**11, 10**12 - 1))),
            "Selling Price": selling_price(rng),
            "Model Number": maybe(rng, 0.2, model),
            "About Product": maybe(rng, 0.1, about),
            "Product Specification": maybe(rng, 0.1, f"Material: {material}"),
            "Technical Details": maybe(rng, 0.05, f"Model: {model} | Weight: {weight}"),
            "Shipping Weight": maybe(rng, 0.25, weight),
            "Product Dimensions": maybe(rng, 0.02, f"{rng.randint(2, 30)} x 5 x 3 inches"),
            "Image": f"https://example.invalid/img/{n}.jpg",
            "Variants": maybe(rng, 0.02, f"https://example.invalid/p/{pid[8:16]}"),
            "Product Url": f"https://example.invalid/p/{pid[:8]}",
            "Is Amazon Seller": "Y",
        }
        rows.append(row)
    return rows


def make_days() -> tuple[list[date], list[float]]:
    """List the days 28/12/2022..28/12/2023 with cumulative sampling weights.

    Busy January and October-December, a quiet middle, uneven weekdays.
    """
    month_weight = [60, 430, 140, 118, 125, 115, 112, 101, 97, 83, 420, 545, 520]
    weekday_weight = [0.94, 1.03, 1.0, 1.06, 0.97, 0.91, 1.05]  # Monday first
    start, end = date(2022, 12, 28), date(2023, 12, 28)
    days = [start + timedelta(d) for d in range((end - start).days + 1)]
    month_index = [(d.year - 2022) * 12 + d.month - 12 for d in days]  # 0..12
    days_in_month = [month_index.count(m) for m in range(13)]
    total, cum = 0.0, []
    for day, m in zip(days, month_index, strict=True):
        total += month_weight[m] / days_in_month[m] * weekday_weight[day.weekday()]
        cum.append(total)
    return days, cum


def make_sales(rng: random.Random, seed: int, product_ids: list[str]) -> list[dict[str, str]]:
    """Build the filled interaction rows followed by the empty trailing rows."""
    users = list(range(1, N_CUSTOMERS + 1))
    rng.shuffle(users)  # which customers are the busy ones
    user_cum = power_law_cum_weights(len(users), 1.1, 25.0)
    products = list(product_ids)
    rng.shuffle(products)  # which products are the popular ones
    product_cum = power_law_cum_weights(len(products), 0.9, 5.0)
    known = set(product_ids)
    candidates = (hex_id("unknown product", seed, i) for i in range(N_PRODUCTS))
    unknown = [pid for pid in candidates if pid not in known][:N_UNKNOWN_PRODUCT]
    missing_type = set(rng.sample(range(N_FILLED), N_MISSING_TYPE))
    unknown_at = sorted(rng.sample(range(N_FILLED), N_UNKNOWN_PRODUCT))
    days, day_cum = make_days()
    seen: set[tuple[str, ...]] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < N_FILLED:
        i = len(rows)
        if i in unknown_at:
            product = unknown[unknown_at.index(i)]
        else:
            product = rng.choices(products, cum_weights=product_cum)[0]
        kind = rng.choices(["like", "view", "purchase"], [40, 31, 29])[0]
        day = rng.choices(days, cum_weights=day_cum)[0]
        hour = rng.choices([8, 10, 0, 14, 19], [510, 470, 8, 6, 6])[0]
        minute = 0 if rng.random() < 0.96 else rng.choice([15, 30, 45])
        row = {
            "user id": str(rng.choices(users, cum_weights=user_cum)[0]),
            "product id": product,
            "Interaction type": "" if i in missing_type else kind,
            "Time stamp": f"{day:%d/%m/%Y} {hour:02d}:{minute:02d}",
        }
        if tuple(row.values()) not in seen:
            seen.add(tuple(row.values()))
            rows.append(row)
    return rows + [{} for _ in range(N_EMPTY)]


# --- a data folder of any size (--sales-rows) -----------------------------------

SAMPLE_SALES_ROWS = N_FILLED + N_EMPTY
MAX_ROWS = 1_000_000_000  # keeps every affine permutation product inside BIGINT
LOOKUP_BUCKETS = 1 << 16  # resolution of the weighted choices made in SQL
PROGRESS_SECONDS = 2.0
USER_POWER_LAW = (1.1, 25.0)  # exponent, offset: as make_sales
PRODUCT_POWER_LAW = (0.9, 5.0)
HOURS = ([8, 10, 0, 14, 19], [510, 470, 8, 6, 6])
KIND_WEIGHTS = [("like", 40), ("view", 31), ("purchase", 29)]
SIZE_WEIGHTS = [("S", 17), ("M", 45), ("L", 27), ("XL", 11)]


@dataclass(frozen=True)
class SalesCounts:
    """How the raw sales rows of a generated folder split, in the sample's proportions."""

    rows: int
    empty: int
    missing_type: int
    unknown_product: int

    @property
    def filled(self) -> int:
        return self.rows - self.empty


def sample_share(count: int, part: int, whole: int) -> int:
    """count * part / whole (a share of the sample's), rounded half up, in integers."""
    return (count * part * 2 + whole) // (2 * whole)


def scaled_counts(sales_rows: int) -> SalesCounts:
    """The sample's shares of empty, untyped and unknown-product rows, rounded half up."""
    empty = sample_share(sales_rows, N_EMPTY, SAMPLE_SALES_ROWS)
    filled = sales_rows - empty
    missing = sample_share(filled, N_MISSING_TYPE, N_FILLED)
    unknown = sample_share(filled, N_UNKNOWN_PRODUCT, N_FILLED)
    return SalesCounts(sales_rows, empty, missing, unknown)


def default_customers(sales_rows: int) -> int:
    """The sample's 3,900 customers at any size: a larger folder means more
    interactions of the same customers (issue 8 scales the interactions; a
    customer file of 100M rows is another data set). --customers overrides."""
    return N_CUSTOMERS


def sample_ratio_customers(sales_rows: int) -> int:
    """The sample's ratio, 3,900 customers per 3,294 raw sales rows, rounded
    half up: how issue 8's own measurements scaled the sample up (11.8M
    customers at 10M sales rows); --customers scaled."""
    return max(1, sample_share(sales_rows, N_CUSTOMERS, SAMPLE_SALES_ROWS))


def customer_count(text: str) -> int | str:
    """--customers: a whole number, or 'scaled' (sample_ratio_customers)."""
    if text == "scaled":
        return text
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number or 'scaled': {text!r}") from None


def affine_permutation(n: int, seed: int, salt: int) -> tuple[int, int]:
    """(step, offset) such that x -> (x * step + offset) % n permutes 0..n-1."""
    if n <= 1:
        return 1, 0
    step = max(1, int(n * 0.6180339887) + (seed * 7919 + salt) % max(1, n // 10))
    while math.gcd(step, n) != 1:
        step += 1
    return step, (seed * 104729 + salt * 131) % n


def weighted_lookup(values: Sequence[object], weights: Sequence[float]) -> list[object]:
    """LOOKUP_BUCKETS values: bucket b holds the value whose share of the
    cumulative weights contains (b + 0.5) / LOOKUP_BUCKETS."""
    cum, total = [], 0.0
    for weight in weights:
        total += weight
        cum.append(total)
    return [
        values[min(bisect.bisect_right(cum, (b + 0.5) / LOOKUP_BUCKETS * total), len(values) - 1)]
        for b in range(LOOKUP_BUCKETS)
    ]


def uniform(k: int, seed: int) -> str:
    """SQL: a uniform double in [0, 1), the k-th independent one of row i (53 hash bits,
    so it never rounds up to 1)."""
    return f"((hash(i, {k}, {seed}) >> 11) / 9007199254740992.0)"


def sql_list(options: Sequence[str]) -> str:
    """SQL: a list literal of the given strings."""
    return "[" + ", ".join("'" + option.replace("'", "''") + "'" for option in options) + "]"


def pick(options: Sequence[str], k: int, seed: int) -> str:
    """SQL: one of the options, uniformly."""
    return f"{sql_list(options)}[1 + floor({uniform(k, seed)} * {len(options)})::bigint]"


def pick_weighted(options: Sequence[tuple[str, float]], k: int, seed: int) -> str:
    """SQL: one of the options, with the given weights (a case on one uniform)."""
    total = sum(weight for _, weight in options)
    cases, cum = [], 0.0
    for option, weight in options[:-1]:
        cum += weight
        cases.append(f"when {uniform(k, seed)} < {cum / total!r} then '{option}'")
    return f"case {' '.join(cases)} else '{options[-1][0]}' end"


def power_law_rank(n: int, exponent: float, offset: float, k: int, seed: int) -> str:
    """SQL: a rank 0..n-1 drawn with weight 1 / (rank + 1 + offset) ** exponent,
    by inverting the continuous approximation of the cumulative weights."""
    s = 1.0 - exponent
    g1, gn = (1.0 + offset) ** s, (n + 1.0 + offset) ** s
    x = f"pow({g1!r} + {uniform(k, seed)} * {gn - g1!r}, {1.0 / s!r}) - {offset!r}"
    return f"least(greatest(floor({x})::bigint, 1), {n}) - 1"


def sales_sql(counts: SalesCounts, customers: int, n_products: int, seed: int) -> str:
    """The COPY query of sales_data.csv: one pre-formatted CRLF line per row."""
    user_step, user_offset = affine_permutation(customers, seed, 1)
    product_step, product_offset = affine_permutation(n_products, seed, 2)
    row_step, row_offset = affine_permutation(max(counts.filled, 1), seed, 3)
    user_rank = power_law_rank(customers, *USER_POWER_LAW, 1, seed)
    product_rank = power_law_rank(n_products, *PRODUCT_POWER_LAW, 2, seed)
    hour_cases = pick_weighted(
        [(f"{hour:02d}", weight) for hour, weight in zip(*HOURS, strict=True)], 5, seed
    )
    header = ",".join(SALES_HEADER)
    return f"""
with

numbered as (
    select
        i,
        (i * {row_step} + {row_offset}) % {max(counts.filled, 1)} as quirk_slot
    from range({counts.rows}) as t (i)
),

fields as (
    select
        i,
        i >= {counts.filled} as is_empty,
        (({user_rank}) * {user_step} + {user_offset}) % {customers} + 1 as user_id,
        case
            when quirk_slot >= {counts.missing_type}
                and quirk_slot < {counts.missing_type + counts.unknown_product}
                then md5('unknown product|{seed}|' || i)
            else lookups.product_ids[1 + (({product_rank}) * {product_step} + {product_offset})
                % {n_products}]
        end as product_id,
        case
            when quirk_slot < {counts.missing_type} then ''
            else {pick_weighted(KIND_WEIGHTS, 3, seed)}
        end as interaction_type,
        lookups.days[1 + floor({uniform(4, seed)} * {LOOKUP_BUCKETS})::bigint] as day,
        {hour_cases} as hour_text,
        case when {uniform(6, seed)} < 0.96 then '00' else {pick(["15", "30", "45"], 7, seed)} end
            as minute_text
    from numbered, lookups
)

select
    case when i = 0 then '{header}' || chr(13) || chr(10) else '' end
    || case
        when is_empty then ',,,,'
        else user_id || ',' || product_id || ',' || interaction_type || ','
            || day || ' ' || hour_text || ':' || minute_text || ','
    end
    || chr(13) as line
from fields
"""


def customers_sql(customers: int, seed: int) -> str:
    """The COPY query of customer_details.csv (the columns of make_customers)."""
    items = sorted(i for items in CATEGORY_ITEMS.values() for i in items)
    item_category = {i: c for c, items in CATEGORY_ITEMS.items() for i in items}

    def u(k: int) -> str:
        return uniform(k, seed)

    return f"""
with

drawn as (
    select
        i,
        1 + floor({u(11)} * {len(items)})::bigint as item_index,
        {u(12)} < 0.27 as subscribed
    from range({customers}) as t (i)
)

select
    i + 1 as "Customer ID",
    18 + floor({u(13)} * 53)::bigint as "Age",
    case when {u(14)} < 0.68 then 'Male' else 'Female' end as "Gender",
    {sql_list(items)}[item_index] as "Item Purchased",
    {sql_list([item_category[i] for i in items])}[item_index] as "Category",
    lookups.amounts[1 + floor({u(15)} * {LOOKUP_BUCKETS})::bigint] as "Purchase Amount (USD)",
    {pick(STATES, 16, seed)} as "Location",
    {pick_weighted(SIZE_WEIGHTS, 17, seed)} as "Size",
    {pick(COLORS, 18, seed)} as "Color",
    {pick(SEASONS, 19, seed)} as "Season",
    {pick([f"{r / 10:.1f}" for r in range(25, 51)], 20, seed)} as "Review Rating",
    case when subscribed then 'Yes' else 'No' end as "Subscription Status",
    {pick(SHIPPING, 21, seed)} as "Shipping Type",
    case when subscribed or {u(22)} < 0.22 then 'Yes' else 'No' end as "Discount Applied",
    case when subscribed or {u(22)} < 0.22 then 'Yes' else 'No' end as "Promo Code Used",
    1 + floor({u(23)} * 50)::bigint as "Previous Purchases",
    {pick(PAYMENTS, 24, seed)} as "Payment Method",
    {pick(FREQUENCIES, 25, seed)} as "Frequency of Purchases"
from drawn, lookups
"""


def copy_with_progress(
    con: duckdb.DuckDBPyConnection, sql: str, target: Path, rows: int, options: str
) -> None:
    """COPY the query to target in a worker thread; a progress line on stderr every few seconds."""
    started = time.monotonic()
    errors: list[BaseException] = []
    path = str(target).replace("'", "''")

    def run() -> None:
        try:
            con.execute(f"copy ({sql}) to '{path}' ({options})")
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    while worker.is_alive():
        worker.join(PROGRESS_SECONDS)
        percent = con.query_progress() if worker.is_alive() else -1
        if percent >= 0:
            progress(f"{target.name}: {percent:3.0f}% of {rows:,} rows, {time.monotonic() - started:.1f} s")
    if errors:
        error = errors[0]
        fail(target, str(error).splitlines()[0] if str(error) else type(error).__name__)
    megabytes = target.stat().st_size / 1e6
    progress(f"{target.name}: {rows:,} rows, {megabytes:,.0f} MB in {time.monotonic() - started:.1f} s")


def progress(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def write_data_folder(out_dir: Path, sales_rows: int, customers: int, seed: int) -> None:
    """Write sales_data.csv, customer_details.csv and product_details.csv of the given size."""
    started = time.monotonic()
    rng = random.Random(seed)
    make_customers(rng)  # advance rng as the sample does, so the catalog is the sample's
    products = make_products(rng, seed)
    write_csv(out_dir / "product_details.csv", PRODUCT_HEADER, products, "\n")
    progress(f"product_details.csv: {len(products):,} products (the sample's catalog)")
    counts = scaled_counts(sales_rows)
    days, day_cum = make_days()
    day_weights = [b - a for a, b in zip([0.0, *day_cum], day_cum, strict=False)]
    amounts = list(range(20, 101))
    amount_weights = [1 + 0.006 * (a - 20) - 0.25 * (a % 10 == 5) for a in amounts]
    con = duckdb.connect(config={"memory_limit": "1GB", "preserve_insertion_order": True})
    con.execute("set enable_progress_bar = true")
    con.execute("set enable_progress_bar_print = false")
    con.execute(
        "create temp table lookups as select ?::varchar[] as product_ids, ?::varchar[] as days, "
        "?::integer[] as amounts",
        [
            [row["Uniqe Id"] for row in products],
            [f"{day:%d/%m/%Y}" for day in weighted_lookup(days, day_weights)],
            weighted_lookup(amounts, amount_weights),
        ],
    )
    copy_with_progress(
        con,
        customers_sql(customers, seed),
        out_dir / "customer_details.csv",
        customers,
        "header true",
    )
    copy_with_progress(
        con,
        sales_sql(counts, customers, len(products), seed),
        out_dir / "sales_data.csv",
        sales_rows,
        "header false, quote '', escape ''",
    )
    con.close()
    progress(
        f"{out_dir}: {counts.rows:,} sales rows ({counts.empty:,} empty, {counts.missing_type:,} "
        f"without Interaction type, {counts.unknown_product:,} unknown product), {customers:,} customers "
        f"in {time.monotonic() - started:.1f} s"
    )


def make_out_dir(out_dir: Path) -> None:
    """Create the output folder (and its parents), or stop with one line."""
    if out_dir.exists() and not out_dir.is_dir():
        fail(out_dir, "not a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(exc.filename or out_dir, exc.strerror or str(exc))


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the three seed files and write them."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        help="directory to write the CSV files to (default: the repo's seeds/; "
        "required with --sales-rows, and then never seeds/)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help="random seed; the same seed gives byte-identical files (default: %(default)s)",
    )
    parser.add_argument(
        "--sales-rows",
        type=int,
        metavar="N",
        help="write a data folder of N raw sales rows (trailing empty rows included) instead of "
        "the sample: sales, customers and the sample's catalog; needs --out-dir",
    )
    parser.add_argument(
        "--customers",
        type=customer_count,
        metavar="N",
        help="with --sales-rows: customers in the folder (default: the sample's 3,900), or "
        "'scaled' for the sample's ratio, 3,900 per 3,294 sales rows",
    )
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir or DEFAULT_OUT_DIR
    if args.sales_rows is None:
        if args.customers is not None:
            fail("--customers", "only with --sales-rows")
    else:
        if args.out_dir is None or out_dir.resolve() == DEFAULT_OUT_DIR:
            fail(out_dir, "--sales-rows needs an --out-dir other than the committed sample's seeds/")
        if not 1 <= args.sales_rows <= MAX_ROWS:
            fail("--sales-rows", f"must be between 1 and {MAX_ROWS:,}, not {args.sales_rows:,}")
        if args.customers is None:
            customers = default_customers(args.sales_rows)
        elif args.customers == "scaled":
            customers = sample_ratio_customers(args.sales_rows)
        else:
            customers = args.customers
        if not 1 <= customers <= MAX_ROWS:
            fail("--customers", f"must be between 1 and {MAX_ROWS:,}, not {customers:,}")
        make_out_dir(out_dir)
        write_data_folder(out_dir, args.sales_rows, customers, args.seed)
        return 0
    rng = random.Random(args.seed)
    customers = make_customers(rng)
    products = make_products(rng, args.seed)
    sales = make_sales(rng, args.seed, [row["Uniqe Id"] for row in products])
    make_out_dir(out_dir)
    target = out_dir
    try:
        for name, header, rows, eol in [
            ("sales_data.csv", SALES_HEADER, sales, "\r\n"),
            ("customer_details.csv", CUSTOMER_HEADER, customers, "\n"),
            ("product_details.csv", PRODUCT_HEADER, products, "\n"),
        ]:
            target = out_dir / name
            write_csv(target, header, rows, eol)
    except OSError as exc:
        fail(exc.filename or target, exc.strerror or str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
