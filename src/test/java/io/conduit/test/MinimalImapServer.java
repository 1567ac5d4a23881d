package io.conduit.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-text IMAP server just capable enough for LOGIN, LIST and APPEND, that answers APPEND without APPENDUID
 * (no UIDPLUS), for testing clients against servers Dovecot cannot imitate. One client at a time.
 */
public final class MinimalImapServer implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");
    private final ServerSocket socket;
    private final List<byte[]> appended = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * Starts listening on a free loopback port.
     *
     * @throws IOException when no port can be bound
     */
    public MinimalImapServer() throws IOException {
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "minimal-imap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The TCP port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** The raw messages received by APPEND, in order. */
    public List<byte[]> appended() {
        return appended;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                serve(client.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        send(out, "* OK [CAPABILITY IMAP4rev1] minimal server ready");
        String line;
        while ((line = readLine(in)) != null) {
            String[] words = line.split(" ", 3);
            String tag = words[0];
            String command = words.length > 1 ? words[1].toUpperCase() : "";
            String args = words.length > 2 ? words[2] : "";
            switch (command) {
                case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1");
                case "LIST" -> {
                    String pattern = args.substring(args.indexOf(' ') + 1);
                    send(out, pattern.equals("\"\"") ? "* LIST (\\Noselect) \"/\" \"\"" : "* LIST () \"/\" " + pattern);
                }
                case "APPEND" -> {
                    Matcher m = LITERAL.matcher(line);
                    if (!m.find()) {
                        send(out, tag + " BAD literal expected");
                        continue;
                    }
                    if (!line.endsWith("+}")) {
                        send(out, "+ go ahead");
                    }
                    appended.add(in.readNBytes(Integer.parseInt(m.group(1))));
                    readLine(in);
                }
                case "LOGOUT" -> send(out, "* BYE bye");
                default -> {
                    // LOGIN, NOOP, CREATE, SUBSCRIBE...: accept
                }
            }
            send(out, tag + " OK " + command + " completed");
            if (command.equals("LOGOUT")) {
                return;
            }
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }
}
