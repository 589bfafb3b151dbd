"""ColumnJudge's count of the cells of each type's shape: whole lines only, spaces and dashes
removed, the first and last lines included."""

from scanner.columns import ColumnJudge


def test_cells_are_counted_in_a_shape_only_when_the_whole_line_has_it():
    judge = ColumnJudge()
    lines = ["110101199003077777", "11010119900307777X", "110 101 1990-0307-7777", "x110101199003077777",
             "110101199003077777 备注", "", "13800138000", "+8613800138000", "0086 138-0013-8000", "1380013800",
             "A123456(7)", "6222020200112233445"]
    shaped = judge.shaped_cells("\n".join(lines))
    id_shape = judge.rules["CN_RESIDENT_ID"].shape
    assert shaped[id_shape] == 4  # 0086 and a mobile: 15 digits, a first-generation ID's shape
    assert shaped[judge.rules["CN_MOBILE_PHONE"].shape] == 3
    assert shaped[judge.rules["CN_BANK_CARD"].shape] == 4  # 12 to 19 digits: the IDs of digits only, the mobile after 0086, the card
    assert shaped[judge.rules["HK_ID_CARD"].shape] == 1
    assert judge.shaped_cells(lines[0])[id_shape] == 1
    assert judge.shaped_cells("")[id_shape] == 0
