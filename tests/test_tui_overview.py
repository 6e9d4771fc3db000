"""The overview: a row a watched symbol, from the polls the watchlist makes anyway."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.tui_helpers import RecordingTransport, lab_transport, monitor, settled
from zdte_tui.overview_columns import OVERVIEW_COLUMNS
from zdte_tui.tui.overview_model import remaining_sigma_usd

WATCHLIST = ["SPY", "SPX", "QQQ", "XSP", "ZZZ"]
"""ZZZ has no 0DTE (empty bars); QQQ's requests fail (503)."""


class FailingSymbol(RecordingTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, failing: str) -> None:
        super().__init__(inner)
        self.failing = failing

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/" + self.failing):
            self.requests.append(request)
            return httpx.Response(503, json={"message": "upstream unavailable"})
        return await super().handle_async_request(request)


def watchlist_monitor(failing: str = "QQQ", **kwargs):
    transport = FailingSymbol(lab_transport().inner, failing)
    return monitor(transport, symbol=WATCHLIST[0], watchlist=WATCHLIST, **kwargs)


async def test_a_watchlist_opens_on_the_overview_with_a_row_a_symbol():
    app = watchlist_monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 5)
        assert app.overview is not None and app.screen is app.overview
        assert app.overview.order == sorted(WATCHLIST)


def shown_order(app) -> list[str]:
    """The symbols top to bottom, as the table itself holds them."""
    return list(app.overview.table.order)


def cell(app, symbol: str, column: str) -> str:
    return app.overview.table.cell_text(symbol, column)


async def test_a_single_symbol_or_the_config_opens_on_the_monitor():
    app = watchlist_monitor(open_on="monitor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 5)
        assert app.overview is None
        await pilot.press("o")
        assert app.screen is app.overview
        await pilot.press("o")
        assert app.overview is None
    single = monitor()
    async with single.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 1)
        assert single.overview is None
        await pilot.press("o")
        title = str(single.overview.query_one("#overview-title").render())
        assert "watchlist · 1 symbol · " in title


async def test_each_row_shows_its_symbols_last_bar():
    app = watchlist_monitor()
    async with app.run_test(size=(200, 30)) as pilot:
        await settled(pilot, 5)
        for symbol in ("SPY", "SPX", "XSP"):
            last = app._views[symbol].series.bars[-1]
            assert cell(app, symbol, "spot") == f"{last.spot:,.2f}"
            assert cell(app, symbol, "flip") == f"{last.gamma_flip:,.2f}"
            assert cell(app, symbol, "to_flip").startswith(f"{last.gamma_flip - last.spot:+,.2f} ")
            assert cell(app, symbol, "call_wall") == (
                f"{last.call_wall:,.2f} {last.call_wall - last.spot:+,.2f}"
            )
            assert cell(app, symbol, "put_wall").startswith(f"{last.put_wall:,.2f} ")
            assert cell(app, symbol, "magnet").startswith(f"{last.magnet:,.2f} ")
            assert cell(app, symbol, "pin").endswith(f" {last.pin_score}")
            assert cell(app, symbol, "pin_probability") == f"{last.pin_probability_pct:.1f}%"
            assert cell(app, symbol, "regime").endswith(last.regime.value[:3].upper())
        sigma_usd = remaining_sigma_usd(app._views["SPY"].series.bars[-1])
        last = app._views["SPY"].series.bars[-1]
        sigmas = (last.gamma_flip - last.spot) / sigma_usd
        assert cell(app, "SPY", "to_flip").endswith(f"{sigmas:+.1f}σ")
        assert cell(app, "ZZZ", "regime") == "∅ none" and cell(app, "QQQ", "regime") == "✖ ERR"
        app.overview.table.cursor = shown_order(app).index("QQQ")
        await pilot.pause()
        assert "QQQ: server: upstream unavailable" in str(
            app.overview.query_one("#overview-detail").render()
        )


SORTED_BY = {
    "spot": lambda bar: bar.spot,
    "pin": lambda bar: bar.pin_score,
    "net_gex": lambda bar: bar.net_gex,
    "pin_probability": lambda bar: bar.pin_probability_pct,
    "flow": lambda bar: bar.hedge_flow_cumulative_all,
    "magnet": lambda bar: abs(bar.magnet - bar.spot) / bar.spot,
}


async def test_sorting_by_each_column_orders_the_rows_by_its_value(tmp_path):
    config = tmp_path / "config.toml"
    app = watchlist_monitor(config_path=config)
    async with app.run_test(size=(200, 30)) as pilot:
        await settled(pilot, 5)
        seen = []
        for _ in OVERVIEW_COLUMNS:
            await pilot.press("s")
            column = app.overview.sort_column
            seen.append(column)
            order = shown_order(app)
            values = [app.overview._rows[s].sort[column] for s in order]
            known = [v for v in values if v is not None]
            assert known == sorted(known), column
            assert all(v is None for v in values[len(known) :]), column  # rows without one last
            if column in SORTED_BY:
                with_data = [s for s in order if s in ("SPY", "SPX", "XSP")]
                bars = {s: app._views[s].series.bars[-1] for s in with_data}
                assert with_data == sorted(with_data, key=lambda s: SORTED_BY[column](bars[s]))
        assert sorted(seen) == sorted(OVERVIEW_COLUMNS)
        await pilot.press(*"sssssssss")  # back at symbol after the loop: nine more is pin
        assert app.overview.sort_column == "pin"
        await pilot.press("S")
        pins = [app._views[s].series.bars[-1].pin_score for s in shown_order(app)[:3]]
        assert pins == sorted(pins, reverse=True)
    text = config.read_text()
    assert 'overview_sort = "pin"' in text and "overview_reverse = true" in text


async def test_enter_opens_the_highlighted_symbol_and_o_comes_back():
    app = watchlist_monitor()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 5)
        order = shown_order(app)
        await pilot.press("down", "down")
        await pilot.press("enter")
        assert app.overview is None and app.symbol == order[2]
        assert app.query_one("#levels") is not None and app._shown.symbol == order[2]
        await pilot.press("o")
        assert app.screen is app.overview
        await pilot.press("escape")
        assert app.overview is None


async def test_an_arriving_poll_writes_only_its_own_row():
    app = watchlist_monitor()
    async with app.run_test(size=(200, 30)) as pilot:
        await settled(pilot, 5)
        writes: list[tuple[str, str]] = []
        table = app.overview.table
        original = table.update_row

        def spy(symbol, cells):
            before = dict(table._cells[symbol])
            changed = original(symbol, cells)
            writes.extend((symbol, k) for k, v in cells.items() if before.get(k) != v)
            return changed

        table.update_row = spy
        landed: list[tuple[str, list[tuple[str, str]]]] = []
        show_row = app.overview.show_row

        def watch(row):
            before = len(writes)
            show_row(row)
            landed.append((row.symbol, writes[before:]))

        app.overview.show_row = watch
        lab = app.transport.inner.app.state.bodies.source
        lab.clock.start += timedelta(seconds=30)  # a new sample for every symbol
        await pilot.press("r")
        await settled(pilot, 10)
        assert [symbol for symbol, _ in landed] == WATCHLIST
        for symbol, written in landed:
            assert {row for row, _ in written} <= {symbol}, (symbol, landed)
            assert written or symbol == "ZZZ", symbol  # ZZZ's empty answer changes nothing
        assert {row for row, _ in landed[0][1]} == {"SPY"} and len(landed[0][1]) >= 4
        assert {c for r, c in writes if r == "SPX"} >= {"spot", "change"}


async def test_the_chart_under_the_overview_is_not_drawn_until_it_shows():
    """Polls landing while the overview covers the monitor update the rows, not the chart: the
    chart draws once more, when the monitor is back."""
    from zdte_tui.tui.widgets.series_chart import SeriesChart

    app = watchlist_monitor(failing="", open_on="monitor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, 5)
        chart = app.query_one(SeriesChart)
        drawn = chart.builds
        assert drawn >= 1
        await pilot.press("o")
        assert app.screen is app.overview
        app.transport.inner.app.state.bodies.source.clock.start += timedelta(seconds=30)
        app.fetch_now()
        await settled(pilot, 10)
        assert chart.builds == drawn
        await pilot.press("escape")
        await pilot.pause()
        assert app.overview is None and chart.builds == drawn + 1
