package org.cddsdecrypt.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cddsdecrypt.ExitCode;

/** Counts of a batch run's outcomes. */
public record Summary(int done, int skipped, int waiting, int failed) {
    static Summary of(Iterable<Outcome> outcomes) {
        int[] n = new int[Outcome.Status.values().length];
        for (Outcome o : outcomes) {
            n[o.status().ordinal()]++;
        }
        return new Summary(n[Outcome.Status.DONE.ordinal()], n[Outcome.Status.SKIPPED.ordinal()],
                n[Outcome.Status.WAITING.ordinal()], n[Outcome.Status.FAILED.ordinal()]);
    }

    public int exports() {
        return done + skipped + waiting + failed;
    }

    /** 8 when any export failed, else 0: waiting and skipped exports are not failures. */
    public ExitCode exitCode() {
        return failed > 0 ? ExitCode.BATCH_FAILURES : ExitCode.OK;
    }

    /** {@code 4 exports: 2 done, 1 skipped, 1 waiting, 0 failed}. */
    public String line() {
        return exports() + (exports() == 1 ? " export: " : " exports: ") + done + " done, " + skipped + " skipped, "
                + waiting + " waiting, " + failed + " failed";
    }

    /** {@code {"type":"summary","exports":4,"done":2,"skipped":1,"waiting":1,"failed":0,"exitCode":0}}. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "summary");
        m.put("exports", exports());
        m.put("done", done);
        m.put("skipped", skipped);
        m.put("waiting", waiting);
        m.put("failed", failed);
        m.put("exitCode", exitCode().code());
        return m;
    }
}
