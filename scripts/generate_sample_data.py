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
"""

import argparse
import csv
import hashlib
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn

PROG = "generate_sample_data.py"
DEFAULT_SEED = 20231228
DEFAULT_OUT_DIR = Path(__file__).resolve().parent.parent / "seeds"

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


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the three seed files and write them."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="directory to write the CSV files to (default: the repo's seeds/)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help="random seed; the same seed gives byte-identical files (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    rng = random.Random(args.seed)
    customers = make_customers(rng)
    products = make_products(rng, args.seed)
    sales = make_sales(rng, args.seed, [row["Uniqe Id"] for row in products])
    if out_dir.exists() and not out_dir.is_dir():
        fail(out_dir, "not a directory")
    target = out_dir
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
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
