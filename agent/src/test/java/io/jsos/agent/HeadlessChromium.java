package io.jsos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's chromium, headless, driven over the DevTools protocol: opens a page, records every
 * network request and every console message or uncaught exception, reads the rendered text and
 * takes a screenshot. Only the JDK's HTTP and WebSocket clients; no browser-driver library.
 */
final class HeadlessChromium implements AutoCloseable {

    /** What a page did while loading. */
    record PageReport(List<String> requests, List<String> consoleErrors, String text, Path screenshot) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> allEvents = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static HeadlessChromium start(Path profileDir) throws IOException, InterruptedException {
        Files.createDirectories(profileDir);
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profileDir, "--remote-debugging-port=0", "--window-size=1200,1400", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> browserWs = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        browserWs.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                browserWs.completeExceptionally(e);
            }
            browserWs.completeExceptionally(new IOException("chromium exited before listening"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            URI ws = URI.create(browserWs.get(60, TimeUnit.SECONDS));
            // The page target's socket: /json/list on the same port.
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getAuthority() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String pageWs = null;
            for (JsonNode t : JSON.readTree(list)) {
                if ("page".equals(t.path("type").asText())) {
                    pageWs = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageWs == null) {
                throw new IOException("chromium has no page target: " + list);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            StringBuilder partial = new StringBuilder();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String msg = partial.toString();
                        partial.setLength(0);
                        self[0].onMessage(msg);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, socket);
            return self[0];
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("could not drive chromium: " + e, e);
        }
    }

    private void onMessage(String msg) {
        try {
            JsonNode n = JSON.readTree(msg);
            if (n.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                if (f != null) {
                    f.complete(n);
                }
            } else {
                allEvents.add(n);
                events.add(n);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode req = JSON.createObjectNode();
        req.put("id", id);
        req.put("method", method);
        req.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(req), true).get(30, TimeUnit.SECONDS);
        JsonNode r = f.get(60, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    /** Opens a local page, waits for its load event, and reports what it did. */
    PageReport open(Path html, Path screenshot) throws Exception {
        for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
            call(domain + ".enable", Map.of());
        }
        String url = html.toUri().toString();
        call("Page.navigate", Map.of("url", url));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && "Page.loadEventFired".equals(e.path("method").asText())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the page did not load in 60 s");
            }
        }
        String text = call("Runtime.evaluate", Map.of("expression", "document.body.innerText", "returnByValue", true))
                .path("result").path("value").asText();
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(screenshot, Base64.getDecoder().decode(shot.path("data").asText()));
        List<String> requests = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        synchronized (allEvents) {
            for (JsonNode e : allEvents) {
                String m = e.path("method").asText();
                JsonNode p = e.path("params");
                switch (m) {
                    case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
                    case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
                    case "Runtime.consoleAPICalled" -> {
                        if ("error".equals(p.path("type").asText()) || "warning".equals(p.path("type").asText())) {
                            errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
                        }
                    }
                    case "Log.entryAdded" -> {
                        if (!"verbose".equals(p.path("entry").path("level").asText()) && !"info".equals(p.path("entry").path("level").asText())) {
                            errors.add("log " + p.path("entry").path("level").asText() + ": " + p.path("entry").path("text").asText());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return new PageReport(requests, errors, text, screenshot);
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // Renderer and GPU processes are the browser's children: end them with it.
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
