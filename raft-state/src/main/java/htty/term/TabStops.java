package htty.term;

import java.util.Arrays;

/** Horizontal tab stops, one flag per column; by default every eighth column. */
public final class TabStops {
    private boolean[] stops;

    TabStops(int cols) {
        stops = new boolean[cols];
        reset();
    }

    void reset() {
        for (int x = 0; x < stops.length; x++) {
            stops[x] = x % 8 == 0 && x > 0;
        }
    }

    public boolean isStop(int x) {
        return x < stops.length && stops[x];
    }

    void set(int x) {
        if (x < stops.length) {
            stops[x] = true;
        }
    }

    void clear(int x) {
        if (x < stops.length) {
            stops[x] = false;
        }
    }

    void clearAll() {
        Arrays.fill(stops, false);
    }

    /** Changes the width; as tmux does, a resize puts the stops back at every eighth column. */
    void resize(int cols) {
        stops = new boolean[cols];
        reset();
    }

    public int cols() {
        return stops.length;
    }

    /** Restores stops (the snapshot decoder). */
    public void restore(boolean[] restored) {
        stops = restored.clone();
    }
}
