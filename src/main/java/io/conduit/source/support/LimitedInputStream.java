package io.conduit.source.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that fails once more than a fixed number of bytes has been read, to stop lying ZIP headers. */
public final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final String what;
    private long count;

    /**
     * @param in    the stream to guard
     * @param limit most bytes it may deliver
     * @param what  name used in the error, e.g. the ZIP entry name
     */
    public LimitedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            check(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            check(n);
        }
        return n;
    }

    private void check(int n) throws IOException {
        count += n;
        if (count > limit) {
            throw new IOException(what + " is larger than its declared size of " + limit + " bytes");
        }
    }
}
