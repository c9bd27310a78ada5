using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The database refuses to change, remove or truncate audit entries, whatever the application does.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_log_append_only();");
        }
    }
}
