# Session Guard container image. Building it needs only Maven Central: no RUN step downloads anything but
# Maven's own dependencies. See "Container" in README.md.

# ---- build: the same shaded jar as `mvn package`
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer, so a source change doesn't download them again.
COPY pom.xml ./
RUN mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

# ---- runtime: a JRE, the jar, and an unprivileged user
FROM eclipse-temurin:17-jre
# groupadd/useradd come with the image: no package is installed.
RUN groupadd --system --gid 10001 sessionguard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin sessionguard \
 && mkdir -p /data \
 && chown 10001:10001 /data
WORKDIR /app
COPY --from=build /build/target/session-guard.jar /app/session-guard.jar
# The class data sharing archive the entrypoint maps: written here, by this image's own JVM for the jar at this path
# (an archive only fits the JVM and the jar path that wrote it), and /app/session-guard-start: sqlite-jdbc's native
# library, which a start loads instead of extracting it, and the empty audit database a first start copies instead
# of migrating its own. If any of them can't be written, start-up is only slower.
RUN java -XX:ArchiveClassesAtExit=/app/session-guard.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar /app/session-guard.jar cds-training \
 || echo "No class data sharing archive: the app starts without it, more slowly"
# The audit trail's SQLite file lives on a volume; set DATABASE_URL to jdbc:postgresql://… to use PostgreSQL.
ENV PORT=3000 \
    DATABASE_URL=jdbc:sqlite:/data/session-guard.db
VOLUME ["/data"]
EXPOSE 3000
USER 10001:10001
# The app checks its own /healthz (the JRE image has no curl or wget); it reads only PORT.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-jar", "/app/session-guard.jar", "healthcheck"]
# The same JVM options as the README's run command: a capped heap keeps the resident set small, and the archive
# halves start-up (docs/PERFORMANCE.md).
ENTRYPOINT ["java", "-Xms32m", "-Xmx160m", "-XX:CICompilerCount=4", "-XX:SharedArchiveFile=/app/session-guard.jsa", "-jar", "/app/session-guard.jar"]
