using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Notify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Args",
                table: "notifications",
                type: "TEXT",
                maxLength: 8000,
                nullable: false,
                defaultValue: "{}");

            // HAND-WRITTEN: rows stored as English text keep it as their one parameter ("text"), rendered as before.
            migrationBuilder.Sql("""UPDATE "notifications" SET "Args" = json_object('text', "Text");""");

            migrationBuilder.DropColumn(
                name: "Text",
                table: "notifications");

            migrationBuilder.AddColumn<long>(
                name: "MailedAt",
                table: "notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Handle",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notification_settings",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Choices = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    LastDigestAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_settings", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_notification_settings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_MailedAt",
                table: "notifications",
                column: "MailedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_Handle",
                table: "AspNetUsers",
                column: "Handle",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_settings");

            migrationBuilder.DropIndex(
                name: "IX_notifications_MailedAt",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_Handle",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "MailedAt",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "Handle",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<string>(
                name: "Text",
                table: "notifications",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            // HAND-WRITTEN: the text back from the stored parameter where there is one.
            migrationBuilder.Sql("""UPDATE "notifications" SET "Text" = COALESCE(json_extract("Args", '$.text'), "Kind");""");

            migrationBuilder.DropColumn(
                name: "Args",
                table: "notifications");
        }
    }
}
