// Reference oracle: answers a line protocol on stdin with JSON lines computed
// by the Java HdrHistogram library (org.HdrHistogram). See README.md.

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.TimeZone;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

public final class HdrReference {
    private static final double[] STANDARD_PERCENTILES = {0.0, 50.0, 90.0, 99.0, 99.9, 100.0};

    private static PrintWriter out;

    // State of the histogram block being built (between "histogram" and "end").
    private static boolean inBlock;
    private static String name;
    private static Histogram hist;
    private static String blockError;
    private static double[] percentiles;
    private static int hgrmTicks;
    private static Double hgrmRatio;
    private static String[] logArgs;

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.US);
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // the log's #[StartTime: line prints a date
        out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] t = line.trim().split("\\s+");
            if (t[0].isEmpty() || t[0].startsWith("#")) {
                continue;
            }
            boolean standalone = t[0].equals("decode") || t[0].equals("readlog");
            try {
                dispatch(t);
            } catch (Exception e) {
                if (inBlock && !standalone && !t[0].equals("end")) {
                    if (blockError == null) {
                        blockError = describe(e); // reported at "end"; the rest of the block is ignored
                    }
                } else {
                    emitError(standalone && t.length > 1 ? t[1] : null, describe(e));
                }
            }
            out.flush();
        }
        if (inBlock) {
            emitError(name, "missing end");
        }
        out.flush();
    }

    private static void dispatch(String[] t) throws Exception {
        switch (t[0]) {
            case "histogram":
                if (inBlock) {
                    emitError(name, "missing end");
                }
                inBlock = true;
                name = t.length > 1 ? t[1] : null;
                hist = null;
                blockError = null;
                percentiles = STANDARD_PERCENTILES;
                hgrmRatio = null;
                logArgs = null;
                hist = new Histogram(Long.parseLong(arg(t, 2)), Long.parseLong(arg(t, 3)),
                        Integer.parseInt(arg(t, 4)));
                return;
            case "end":
                if (!inBlock) {
                    throw new IllegalStateException("'end' outside a histogram block");
                }
                inBlock = false;
                try {
                    if (blockError != null) {
                        emitError(name, blockError);
                    } else {
                        emitResult();
                    }
                } catch (Exception e) {
                    emitError(name, describe(e));
                }
                return;
            case "decode":
                emitDecoded(arg(t, 1), arg(t, 2));
                return;
            case "readlog":
                emitLog(arg(t, 1));
                return;
            default:
                break;
        }
        if (!inBlock) {
            throw new IllegalStateException("'" + t[0] + "' outside a histogram block");
        }
        if (blockError != null) {
            return;
        }
        switch (t[0]) {
            case "record":
                hist.recordValueWithCount(Long.parseLong(arg(t, 1)), Long.parseLong(arg(t, 2)));
                break;
            case "percentiles":
                percentiles = new double[t.length - 1];
                for (int i = 1; i < t.length; i++) {
                    percentiles[i - 1] = Double.parseDouble(t[i]);
                    if (!Double.isFinite(percentiles[i - 1])) {
                        throw new IllegalArgumentException("percentile must be finite: " + t[i]);
                    }
                }
                break;
            case "hgrm":
                hgrmTicks = Integer.parseInt(arg(t, 1));
                hgrmRatio = Double.parseDouble(arg(t, 2));
                break;
            case "log":
                Double.parseDouble(arg(t, 1));
                Double.parseDouble(arg(t, 2));
                arg(t, 3);
                logArgs = t;
                break;
            default:
                throw new IllegalArgumentException("unknown command: " + t[0]);
        }
    }

    private static String arg(String[] t, int i) {
        if (i >= t.length) {
            throw new IllegalArgumentException("'" + t[0] + "' needs " + i + " argument(s)");
        }
        return t[i];
    }

    private static void emitResult() throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"name\":").append(quote(name));
        appendStats(sb, hist, percentiles);
        sb.append(",\"encoded\":").append(quote(base64(hist, true)));
        sb.append(",\"encoded_plain\":").append(quote(base64(hist, false)));
        if (hgrmRatio != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(bytes, true, "UTF-8");
            hist.outputPercentileDistribution(ps, hgrmTicks, hgrmRatio);
            ps.flush();
            sb.append(",\"hgrm\":").append(quote(bytes.toString("UTF-8")));
        }
        if (logArgs != null) {
            double start = Double.parseDouble(logArgs[1]);
            double end = Double.parseDouble(logArgs[2]);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            HistogramLogWriter writer = new HistogramLogWriter(bytes);
            writer.outputLogFormatVersion();
            writer.outputStartTime(Math.round(start * 1000.0));
            writer.outputLegend();
            hist.setTag(logArgs[3].equals("-") ? null : logArgs[3]);
            writer.outputIntervalHistogram(start, end, hist);
            writer.close();
            sb.append(",\"log\":").append(quote(bytes.toString("UTF-8")));
        }
        out.println(sb.append('}'));
    }

    private static void emitDecoded(String blobName, String blob) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(blob));
        int cookieBase = buffer.getInt(0) & ~0xf0;
        boolean compressed = cookieBase == 0x1c849304 || cookieBase == 0x1c849302 || cookieBase == 0x1c849309;
        Histogram h = compressed
                ? Histogram.decodeFromCompressedByteBuffer(buffer, 0)
                : Histogram.decodeFromByteBuffer(buffer, 0);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"name\":").append(quote(blobName));
        sb.append(",\"lowest\":").append(h.getLowestDiscernibleValue());
        sb.append(",\"highest\":").append(h.getHighestTrackableValue());
        sb.append(",\"sigfigs\":").append(h.getNumberOfSignificantValueDigits());
        appendStats(sb, h, STANDARD_PERCENTILES);
        out.println(sb.append('}'));
    }

    private static void emitLog(String path) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(path);
        try {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof AbstractHistogram)) {
                    emitError(path, "interval histogram is not an integer histogram: " + e.getClass().getName());
                    continue;
                }
                AbstractHistogram h = (AbstractHistogram) e;
                StringBuilder sb = new StringBuilder();
                sb.append("{\"tag\":").append(quote(h.getTag()));
                sb.append(",\"start_s\":").append(h.getStartTimeStamp() / 1000.0);
                sb.append(",\"end_s\":").append(h.getEndTimeStamp() / 1000.0);
                sb.append(",\"total_count\":").append(h.getTotalCount());
                sb.append(",\"max\":").append(h.getMaxValue());
                appendRecorded(sb, h);
                out.println(sb.append('}'));
            }
        } finally {
            reader.close();
        }
    }

    private static void appendStats(StringBuilder sb, AbstractHistogram h, double[] ps) {
        sb.append(",\"total_count\":").append(h.getTotalCount());
        sb.append(",\"min\":").append(h.getMinValue());
        sb.append(",\"max\":").append(h.getMaxValue());
        sb.append(",\"mean\":").append(quote(g17(h.getMean())));
        sb.append(",\"stddev\":").append(quote(g17(h.getStdDeviation())));
        sb.append(",\"percentiles\":[");
        for (int i = 0; i < ps.length; i++) {
            sb.append(i == 0 ? "[" : ",[").append(ps[i]).append(',').append(h.getValueAtPercentile(ps[i])).append(']');
        }
        sb.append(']');
        appendRecorded(sb, h);
    }

    private static void appendRecorded(StringBuilder sb, AbstractHistogram h) {
        sb.append(",\"recorded\":[");
        boolean first = true;
        for (HistogramIterationValue v : h.recordedValues()) {
            sb.append(first ? "[" : ",[").append(v.getValueIteratedTo()).append(',')
                    .append(v.getCountAtValueIteratedTo()).append(']');
            first = false;
        }
        sb.append(']');
    }

    private static String base64(Histogram h, boolean compressed) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
        int length = compressed ? h.encodeIntoCompressedByteBuffer(buffer) : h.encodeIntoByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    private static void emitError(String errName, String message) {
        out.println("{\"name\":" + quote(errName) + ",\"error\":" + quote(message) + "}");
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** C printf("%.17g") of the exact binary value: 17 significant digits, so it parses back to the same double. */
    static String g17(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 17) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(d.signum() < 0 ? "-" : "");
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append(exponent < 0 ? "e-" : "e+");
        int abs = Math.abs(exponent);
        return sb.append(abs < 10 ? "0" : "").append(abs).toString();
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
