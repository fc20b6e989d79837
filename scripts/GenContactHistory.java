/*
 * Writes a synthetic Contact History export tree (JSON Lines) of about the requested size, for benchmarks.
 * Deterministic for a given seed. Runs without compiling: java scripts/GenContactHistory.java OUTDIR MEGABYTES [SEED]
 */
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

public class GenContactHistory {
    private static final String[] CHANNELS = {"voice", "chat", "email", "sms", "callback", "social"};
    private static final String[] DISPOSITIONS = {
        "resolved", "transferred", "abandoned", "voicemail", "escalated", "callback-scheduled", "no-answer"
    };
    private static final String[] QUEUES = {
        "billing", "support-tier1", "support-tier2", "sales", "retention", "collections", "onboarding"
    };
    private static final String[] WORDS = {
        "customer",
        "asked",
        "about",
        "invoice",
        "refund",
        "plan",
        "upgrade",
        "password",
        "reset",
        "delivery",
        "delayed",
        "agent",
        "confirmed",
        "account",
        "address",
        "changed",
        "order",
        "cancelled",
        "survey",
        "positive",
        "negative",
        "follow-up",
        "promised",
        "credit",
        "issued",
        "ticket"
    };
    private static final long FILE_TARGET = 24L * 1024 * 1024;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long target = Long.parseLong(args[1]) * 1024 * 1024;
        SplittableRandom random = new SplittableRandom(args.length > 2 ? Long.parseLong(args[2]) : 42);
        long written = 0;
        int fileIndex = 0;
        long time = Instant.parse("2026-10-01T00:00:00Z").getEpochSecond();
        while (written < target) {
            int day = 1 + fileIndex / 4 % 28;
            Path file = out.resolve(String.format("ContactHistory/2026/10/%02d/part-%05d.jsonl", day, fileIndex));
            Files.createDirectories(file.getParent());
            long fileBytes = 0;
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                while (fileBytes < FILE_TARGET && written + fileBytes < target) {
                    time += random.nextInt(1, 20);
                    String line = record(random, time);
                    w.write(line);
                    w.write('\n');
                    fileBytes += line.length() + 1;
                }
            }
            written += fileBytes;
            fileIndex++;
        }
    }

    private static String record(SplittableRandom r, long time) {
        StringBuilder note = new StringBuilder();
        for (int i = 0, n = r.nextInt(4, 18); i < n; i++) {
            note.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return String.format(
                "{\"interactionId\":\"%016x\",\"contactId\":\"c-%08d\",\"channel\":\"%s\","
                        + "\"queue\":\"%s\",\"startTime\":\"%s\",\"durationSec\":%d,\"agentId\":\"agent-%04d\","
                        + "\"disposition\":\"%s\",\"customer\":{\"email\":\"user%d@example.com\",\"phone\":\"+1-202-555-01%02d\"},"
                        + "\"csat\":%d,\"traceId\":\"%016x%016x\",\"sessionId\":\"%016x%016x\",\"recording\":\"rec-%016x\","
                        + "\"note\":\"%s\"}",
                r.nextLong(),
                r.nextInt(100_000_000),
                CHANNELS[r.nextInt(CHANNELS.length)],
                QUEUES[r.nextInt(QUEUES.length)],
                Instant.ofEpochSecond(time),
                r.nextInt(5, 3600),
                r.nextInt(2000),
                DISPOSITIONS[r.nextInt(DISPOSITIONS.length)],
                r.nextInt(1_000_000),
                r.nextInt(100),
                r.nextInt(1, 6),
                r.nextLong(),
                r.nextLong(),
                r.nextLong(),
                r.nextLong(),
                r.nextLong(),
                note);
    }
}
