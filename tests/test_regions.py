"""Outage regions through the gazetteer: spelling variants, misspellings, German forms,
Ukrainian case forms and "-щина" forms; Kyiv city and Kyiv oblast kept apart."""

from __future__ import annotations

import pytest

from tests.extracting import regions


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Half of the Ternopil region was without power.", "en", {("UA-61", "power", "partial")}),
        ("Half of the Ternipol region was without power.", "en", {("UA-61", "power", "partial")}),
        ("Half of the Ternopol region was without power.", "en", {("UA-61", "power", "partial")}),
        ("Parts of Kharkov were without heating.", "en", {("UA-63", "heating", "partial")}),
        ("In Odessa the water supply failed.", "en", {("UA-51", "water", None)}),
        ("The Dnipropetrovsk region reported power outages.", "en", {("UA-12", "power", None)}),
        ("In the Dnipro region, several villages were left without electricity.", "en", {("UA-12", "power", "partial")}),
        ("Parts of Zaporizhia were without power.", "en", {("UA-23", "power", "partial")}),
        ("Kyiv was left without water.", "en", {("UA-30", "water", None)}),
        ("The whole Kyiv region was without power.", "en", {("UA-32", "power", "full")}),
        ("Im Gebiet Charkiw gab es Stromausfälle.", "de", {("UA-63", "power", None)}),
        ("In Kiew fiel in mehreren Stadtteilen die Heizung aus.", "de", {("UA-30", "heating", "partial")}),
        ("Das Gebiet Kiew war teilweise ohne Strom.", "de", {("UA-32", "power", "partial")}),
        ("Teile des Gebiets Saporischschja waren ohne Strom.", "de", {("UA-23", "power", "partial")}),
        ("In Odessa fiel die Wasserversorgung aus.", "de", {("UA-51", "water", None)}),
        ("Viele Kiewer sind ohne Heizung.", "de", {("UA-30", "heating", "partial")}),
        ("Частина Харківщини залишилася без світла.", "uk", {("UA-63", "power", "partial")}),
        ("На Одещині немає водопостачання.", "uk", {("UA-51", "water", None)}),
        ("Вінниччина повністю знеструмлена.", "uk", {("UA-05", "power", "full")}),
        ("У Києві частина будинків без опалення.", "uk", {("UA-30", "heating", "partial")}),
        ("На Київщині знеструмлено кілька громад.", "uk", {("UA-32", "power", "partial")}),
        ("У Тернополі та Львові зникло світло.", "uk", {("UA-61", "power", None), ("UA-46", "power", None)}),
        ("У Дніпропетровській області частково відсутнє електропостачання.", "uk", {("UA-12", "power", "partial")}),
        ("У столиці без опалення залишилися сотні будинків.", "uk", {("UA-30", "heating", "partial")}),
    ],
)
def test_outage_region_kind_extent(text, lang, expected):
    assert regions(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Debris damaged a house in the Kyiv region.", "en"),
        ("Air defence shot down 20 drones over the Kharkiv and Sumy regions.", "en"),
        ("Ukrenergo announced power cuts in most regions tomorrow.", "en"),
        ("Water supply was restored on the left bank of the Dnipro.", "en"),
        ("Im Gebiet Belgorod fiel nach ukrainischen Angriffen der Strom aus.", "de"),
        ("Der Netzbetreiber kündigte landesweite Abschaltpläne an.", "de"),
        ("Уражено об'єкти інфраструктури на Харківщині.", "uk"),
        ("Завтра в більшості регіонів діятимуть графіки відключень.", "uk"),
    ],
)
def test_not_an_outage(text, lang):
    assert regions(text, lang) == set()


def test_sentence_without_region_refers_to_the_region_just_named():
    text = "Heating was cut off in parts of Kyiv. Water supply was interrupted in several neighborhoods."
    assert regions(text, "en") == {("UA-30", "heating", "partial"), ("UA-30", "water", "partial")}
