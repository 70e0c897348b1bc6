package htty.term.oracle;

/**
 * The terminal modes tmux 3.3a reports for a pane, one per {@code display -p} format variable.
 *
 * <p>tmux keeps but does not report: bracketed paste (?2004), focus events (?1004), cursor blink (?12),
 * the cursor style (DECSCUSR), extended keys, the designated character sets and the cursor saved by
 * DECSC. It does not implement new-line mode (LNM, 20), DECNKM (?66), urxvt mouse (?1015) or
 * synchronized output (?2026) at all.
 *
 * @param cursorVisible      DECTCEM, ?25 ({@code cursor_flag})
 * @param insert             IRM, 4 ({@code insert_flag})
 * @param cursorKeys         DECCKM, ?1: application cursor keys ({@code keypad_cursor_flag})
 * @param keypad             DECKPAM/DECKPNM, {@code ESC =} and {@code ESC >} ({@code keypad_flag})
 * @param origin             DECOM, ?6 ({@code origin_flag})
 * @param autowrap           DECAWM, ?7 ({@code wrap_flag})
 * @param mouseStandard      ?1000, report presses and releases ({@code mouse_standard_flag})
 * @param mouseButton        ?1002, also report motion with a button down ({@code mouse_button_flag})
 * @param mouseAll           ?1003, report all motion ({@code mouse_all_flag}; tmux's
 *                           {@code mouse_any_flag} means "any of the three" and is not kept here)
 * @param mouseSgr           ?1006, SGR mouse encoding ({@code mouse_sgr_flag})
 * @param mouseUtf8          ?1005, UTF-8 mouse encoding ({@code mouse_utf8_flag})
 * @param alternateScreen    whether the alternate screen is shown, ?47/?1047/?1049 ({@code alternate_on})
 * @param scrollRegionTop    the first line of the scrolling region, 0-based ({@code scroll_region_upper})
 * @param scrollRegionBottom the last line of the scrolling region, 0-based and inclusive
 *                           ({@code scroll_region_lower})
 */
public record OracleModes(
        boolean cursorVisible,
        boolean insert,
        boolean cursorKeys,
        boolean keypad,
        boolean origin,
        boolean autowrap,
        boolean mouseStandard,
        boolean mouseButton,
        boolean mouseAll,
        boolean mouseSgr,
        boolean mouseUtf8,
        boolean alternateScreen,
        int scrollRegionTop,
        int scrollRegionBottom) {
}
