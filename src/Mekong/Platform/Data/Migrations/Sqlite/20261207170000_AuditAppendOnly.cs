using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The database refuses to change or remove audit entries, whatever the application does.
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_no_update;");
        }
    }
}
